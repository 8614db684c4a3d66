package dev.weft.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.gateway.cli.Weft;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * The {@code weft} CLI in process, as the task ITs drive it against the real
 * channel: exit code and both outputs of one command.
 *
 * <pre>{@code
 * WeftCli.Run r = WeftCli.run("task", "definitions", "--profile", WeftCli.profile("org1"));
 * assertThat(r.code).as(r.all()).isZero();
 * }</pre>
 */
final class WeftCli {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How one command ended. */
    static final class Run {
        final int code;
        final String out;
        final String err;

        Run(int code, String out, String err) {
            this.code = code;
            this.out = out;
            this.err = err;
        }

        String all() {
            return "exit " + code + "\nout:\n" + out + "\nerr:\n" + err;
        }
    }

    private WeftCli() {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Weft.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** The path of an organisation's profile in the running network. */
    static String profile(String org) {
        return RealNetwork.profilePath(org).toString();
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    /** The admins of {@code orgs} approve the definition's current digest with `weft task approve`. */
    static void approve(String id, String... orgs) {
        for (String org : orgs) {
            Run a = run("task", "approve", id, "--user", "Admin", "--profile", profile(org));
            assertThat(a.code).as(a.all()).isZero();
            assertThat(a.out).contains(org.replace("org", "Org") + "MSP approved definition " + id + " at digest ");
        }
        if (orgs.length > 0) {
            Consent.settled(id, orgs[orgs.length - 1]);
        }
    }
}
