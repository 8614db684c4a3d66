package dev.weft.gateway.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The gateway's ErrorCode names exactly the chaincode's codes, in the same order. */
class ErrorCodeMirrorTest {
    private static final Path CHAINCODE_CODES =
            Path.of("..", "chaincode", "src", "main", "java", "dev", "weft", "chaincode", "ledger", "ErrorCode.java");

    @Test
    void theEnumMirrorsTheChaincodesCodes() throws Exception {
        String source = Files.readString(CHAINCODE_CODES);
        String body = source.substring(source.indexOf("public enum ErrorCode {") + "public enum ErrorCode {".length(),
                source.lastIndexOf('}'));
        // the constants, with the chaincode's comments removed
        String constants = body.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
        Matcher m = Pattern.compile("\\b([A-Z][A-Z_]+)\\b").matcher(constants);
        List<String> chaincode = new java.util.ArrayList<>();
        while (m.find()) {
            chaincode.add(m.group(1));
        }
        assertThat(chaincode).isNotEmpty();
        assertThat(Arrays.stream(ErrorCode.values()).map(Enum::name).toList()).isEqualTo(chaincode);
    }

    @Test
    void aChainFailureIsItsChaincodeCodeAndNothingElse() {
        ChainException refused = ChainErrors.translate(ChainException.Stage.EVALUATE, new RuntimeException(
                "UNKNOWN: evaluate call to endorser returned error: chaincode response 500, NOT_FOUND: task t1 does"
                        + " not exist"));
        assertThat(refused.errorCode()).contains(ErrorCode.NOT_FOUND);
        assertThat(refused.is(ErrorCode.CONFLICT, ErrorCode.NOT_FOUND)).isTrue();
        assertThat(refused.is(ErrorCode.CONFLICT)).isFalse();
        assertThat(refused.reason()).isEqualTo("NOT_FOUND: task t1 does not exist");

        ChainException conflict = new ChainException(ChainException.Stage.COMMIT, "MVCC_READ_CONFLICT", "tx", "m",
                null);
        assertThat(conflict.errorCode()).isEmpty();
        assertThat(conflict.isConflict()).isTrue();
        assertThat(ErrorCode.of("NOT_FOUND: x")).isEmpty();
    }
}
