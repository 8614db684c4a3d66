package dev.weft.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.gateway.engine.EngineConfiguration;
import dev.weft.gateway.engine.TestCertificates;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@DisplayName("issue 9 item 4: `weft engine serve` defaults")
class EngineServeOptionsTest {
    @TempDir Path dir;

    private EngineConfiguration parse(String... args) {
        EngineServeCommand command = new EngineServeCommand();
        new CommandLine(command).parseArgs(args);
        return command.configuration();
    }

    @Test
    @DisplayName("issue 9 item 4: the engine binds loopback, requires client certificates and serves no "
            + "reflection unless told otherwise")
    void loopbackMutualTlsNoReflection() throws Exception {
        TestCertificates org1 = TestCertificates.issue(dir, "org1");
        String[] tls = {"--tls-cert", org1.cert.toString(), "--tls-key", org1.key.toString(),
            "--tls-ca", org1.ca.toString(), "--data", dir.resolve("data").toString()};
        EngineConfiguration defaults = parse(tls);
        assertThat(defaults.bindHost()).isEqualTo("127.0.0.1");
        assertThat(defaults.reflection()).isFalse();
        assertThat(defaults.tls().trustedCa()).isEqualTo(org1.ca);

        String[] asked = java.util.stream.Stream.concat(java.util.Arrays.stream(tls),
                java.util.stream.Stream.of("--bind", "0.0.0.0", "--reflection")).toArray(String[]::new);
        EngineConfiguration open = parse(asked);
        assertThat(open.bindHost()).isEqualTo("0.0.0.0");
        assertThat(open.reflection()).isTrue();

        assertThatThrownBy(() -> parse("--tls-cert", org1.cert.toString(), "--tls-key", org1.key.toString()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--tls-ca");
    }
}
