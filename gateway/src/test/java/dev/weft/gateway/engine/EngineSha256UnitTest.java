package dev.weft.gateway.engine;

import static dev.weft.gateway.engine.InProcessEngine.request;
import static dev.weft.gateway.engine.InProcessEngine.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.proto.engine.v1.ExecuteResponse;
import dev.weft.proto.engine.v1.ExecutionState;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("S1.6 sha256 unit: digest of given data")
class EngineSha256UnitTest {
    static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    final InProcessEngine engine = InProcessEngine.start(List.of(new Sha256Unit()));

    @AfterEach
    void stop() {
        engine.close();
    }

    private String run(dev.weft.proto.engine.v1.ExecuteRequest.Builder request) {
        ExecuteResponse r = engine.client().execute(request.build());
        assertThat(r.getState()).as(r.getError()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(r.getDigest()).isEqualTo(Digests.sha256Hex(r.getValue().toByteArray()));
        return r.getValue().toStringUtf8();
    }

    @Test
    @DisplayName("S1.6 the FIPS 180-2 test vector 'abc', in every encoding")
    void digestsTheStandardTestVector() {
        String expected = "{\"algorithm\":\"SHA-256\",\"digest\":\"" + ABC + "\",\"length\":3}";
        assertThat(run(request("sha256").putParameters("data", "abc"))).isEqualTo(expected);
        assertThat(run(request("sha256").putParameters("data", "616263").putParameters("encoding", "hex")))
                .isEqualTo(expected);
        assertThat(run(request("sha256").putParameters("data", "YWJj").putParameters("encoding", "base64")))
                .isEqualTo(expected);
    }

    @Test
    @DisplayName("S1.8 without data it digests the upstream results in input-name order")
    void digestsUpstreamResultsInNameOrder() {
        String out = run(request("sha256").addInputs(result("result:b/O2", "c"))
                .addInputs(result("result:a/O1", "ab")));
        assertThat(out).contains(ABC);
    }

    @Test
    void refusesBadEncodingsAndMissingData() {
        ExecuteResponse bad = engine.client().execute(request("sha256").putParameters("data", "zz")
                .putParameters("encoding", "hex").build());
        assertThat(bad.getState()).isEqualTo(ExecutionState.FAILED);
        assertThat(bad.getError()).contains("not valid hex");
        assertThat(engine.client().execute(request("sha256").build()).getError()).contains("needs parameter 'data'");
    }
}
