package dev.weft.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.gateway.chain.ChainException;
import dev.weft.gateway.engine.EngineException;
import dev.weft.gateway.registry.RegistryException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** One mapper for every command: chain, engine and service-center failures to the exit codes scripts read. */
class ExitCodesTest {

    @Test
    void engineReasonsMapToBadInputUnavailableOrOne() {
        assertThat(code(new EngineException(EngineException.Reason.BAD_REQUEST, "x"))).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(code(new EngineException(EngineException.Reason.UNKNOWN_OPERATION, "x")))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(code(new EngineException(EngineException.Reason.ENGINE_UNAVAILABLE, "x")))
                .isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(code(new EngineException(EngineException.Reason.UNIT_UNAVAILABLE, "x")))
                .isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(code(new EngineException(EngineException.Reason.TIMEOUT, "x"))).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(code(new EngineException(EngineException.Reason.INTERNAL, "x"))).isEqualTo(1);
    }

    @Test
    void registryReasonsMapLikeTheChainsRefusals() {
        assertThat(code(new RegistryException(RegistryException.Reason.UNAVAILABLE, "x")))
                .isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(code(new RegistryException(RegistryException.Reason.CONFLICT, "x"))).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(code(new RegistryException(RegistryException.Reason.FORBIDDEN, "x"))).isEqualTo(ExitCodes.REFUSED);
        assertThat(code(new RegistryException(RegistryException.Reason.INTERNAL, "x"))).isEqualTo(1);
    }

    @Test
    void anEngineThatIsNotThereIsUnavailableWithItsReasonPrinted() throws IOException {
        assertUnavailable("[ENGINE_UNAVAILABLE]", "engine", "health", "--endpoint");
    }

    @Test
    void aServiceCenterThatIsNotThereIsUnavailableWithItsReasonPrinted() throws IOException {
        assertUnavailable("[UNAVAILABLE]", "engine", "list", "--registry");
    }

    /** Runs {@code command} against a loopback port nothing listens on: exit 5, the reason on stderr. */
    private static void assertUnavailable(String reason, String... command) throws IOException {
        String[] args = java.util.Arrays.copyOf(command, command.length + 4);
        args[command.length] = "127.0.0.1:" + closedPort();
        args[command.length + 1] = "--insecure-loopback";
        args[command.length + 2] = "--timeout";
        args[command.length + 3] = "PT5S";
        Run r = run(args);
        assertThat(r.code).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(r.err).contains(reason);
    }

    @Test
    void aChainOutageIsUnavailable() {
        ChainException outage = new ChainException(ChainException.Stage.CONNECT, "UNKNOWN", null, "peer down", null);
        assertThat(code(outage)).isEqualTo(ExitCodes.UNAVAILABLE);
    }

    private static int code(Exception e) {
        CommandLine cli = Weft.commandLine();
        cli.setErr(new PrintWriter(new StringWriter()));
        return new ExitCodes().handleExecutionException(e, cli, null);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private record Run(int code, String err) {
    }

    private static Run run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = Weft.commandLine();
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, err.toString());
    }
}
