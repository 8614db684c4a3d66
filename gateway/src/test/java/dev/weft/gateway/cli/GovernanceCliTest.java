package dev.weft.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The governance and rollout commands are wired and parse their options, without a network. */
class GovernanceCliTest {

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Weft.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    @DisplayName("S2.6 weft proposal, rollout and invoke offer their subcommands and options")
    void commandsAreWired() {
        assertThat(run("proposal", "--help")[1]).contains("create", "vote", "tally", "show", "list", "watch",
                "cancel", "bootstrap", "settings");
        assertThat(run("rollout", "--help")[1]).contains("start", "advance", "rollback", "status");
        assertThat(run("rollout", "advance", "--help")[1]).contains("--gray", "--switch", "--finalize", "--no-wait",
                "--voters", "--cohort-org");
        assertThat(run("invoke", "--help")[1]).contains("--logical", "--class", "--routing-key", "--repeat",
                "--verify-endorsers", "--target-chaincode", "--profile");
    }

    @Test
    @DisplayName("S2.8 bad input is refused before anything reaches the channel")
    void badInput() {
        String[] noClass = run("invoke", "--logical", "asset", "--class", "canary", "Version");
        assertThat(noClass[0]).isEqualTo("2");
        assertThat(noClass[2]).contains("canary");
        String[] twoPhases = run("rollout", "advance", "asset", "--gray", "10%", "--switch");
        assertThat(twoPhases[0]).isEqualTo("2");
        String[] badWeight = run("rollout", "advance", "asset", "--gray", "150%", "--profile", "/nonexistent.json");
        assertThat(badWeight[0]).isEqualTo("3");
    }
}
