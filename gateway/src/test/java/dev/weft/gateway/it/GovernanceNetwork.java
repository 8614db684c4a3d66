package dev.weft.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.governance.Governance;
import dev.weft.gateway.governance.QualifiedId;
import dev.weft.gateway.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * What the governance and routing integration tests share on the real channel.
 * Governance is bootstrapped once per channel, so the first test to need it does
 * it — through the CLI, with the settings every test here (and the demo) works
 * with: the three organisations vote, each through its admins, and User1..User4
 * of every organisation are named voters; a proposal may narrow its voters to
 * three; task definitions stay ungoverned (other tests register them directly).
 * A channel bootstrapped earlier is used as it is.
 *
 * <pre>{@code
 * JsonNode settings = GovernanceNetwork.settings();
 * GovernanceNetwork.Run r = GovernanceNetwork.cli("proposal", "vote", id, "yes", "--user", "Admin",
 *         "--profile", GovernanceNetwork.profile("org2"));
 * }</pre>
 */
final class GovernanceNetwork {
    static final List<String> ORGS = List.of("org1", "org2", "org3");
    static final List<String> USERS = List.of("User1", "User2", "User3", "User4");
    private static JsonNode settings;

    private GovernanceNetwork() {
    }

    /** A CLI run: exit code and what it printed. */
    record Run(int code, String out, String err) {
        String all() {
            return "exit " + code + "\nout:\n" + out + "\nerr:\n" + err;
        }

        JsonNode json() {
            return Json.CONTRACT.read(out, "CLI output");
        }
    }

    static Run cli(String... args) {
        WeftCli.Run run = WeftCli.run(args);
        return new Run(run.code, run.out, run.err);
    }

    static String profile(String org) {
        return WeftCli.profile(org);
    }

    static String msp(String org) {
        return RealNetwork.profile(org).mspId();
    }

    /** How the chaincode names {@code user} of {@code org}. */
    static String qualifiedId(String org, String user) {
        return QualifiedId.of(RealNetwork.profile(org).connection(user, 0));
    }

    /** The settings in force, bootstrapping them (as Org1's admin, through the CLI) if the channel has none. */
    static synchronized JsonNode settings() {
        if (settings != null) {
            return settings;
        }
        // Each organisation's admin confirms the same settings (issue 9 item 6); the last one puts them in force.
        for (String confirming : ORGS) {
            List<String> args = new ArrayList<>(List.of("proposal", "bootstrap", "--if-absent", "--min-voters", "3",
                    "--user", "Admin", "--profile", profile(confirming), "-o", "json"));
            for (String org : ORGS) {
                for (String user : USERS) {
                    args.add("--named-voter");
                    args.add(qualifiedId(org, user));
                }
            }
            Run r = cli(args.toArray(String[]::new));
            assertThat(r.code).as(r.all()).isZero();
        }
        try (ChainClient chain = RealNetwork.client("org1", "User1")) {
            settings = new Governance(chain).settings().orElseThrow();
        }
        assertThat(settings.path("governTaskDefinitions").asBoolean()).as("task definitions stay ungoverned").isFalse();
        return settings;
    }

    /** Votes as the admins of {@code orgs}, through the CLI; each must succeed. */
    static void orgsVote(String proposalId, String choice, String... orgs) {
        for (String org : orgs) {
            Run v = cli("proposal", "vote", proposalId, choice, "--user", "Admin", "--profile", profile(org));
            assertThat(v.code).as(v.all()).isZero();
            assertThat(v.out).contains("voted " + choice.toUpperCase(java.util.Locale.ROOT) + " on proposal "
                    + proposalId + " as org:" + msp(org));
        }
    }

    /** Proposes a step (--no-wait), has the three organisations vote yes, then continues it to execution. */
    static JsonNode governedStep(String route, String... step) {
        List<String> args = new ArrayList<>(List.of(step));
        args.addAll(List.of("--no-wait", "--user", "Admin", "--profile", profile("org1"), "-o", "json"));
        GovernanceNetwork.Run proposed = cli(args.toArray(String[]::new));
        assertThat(proposed.code()).as(proposed.all()).isZero();
        assertThat(proposed.json().path("state").asText()).isEqualTo("OPEN");
        String id = proposed.json().path("proposal").path("id").asText();
        GovernanceNetwork.orgsVote(id, "yes", "org1", "org2", "org3");
        GovernanceNetwork.Run done = cli("rollout", "advance", route, "--user", "Admin", "--profile", profile("org1"),
                "-o", "json");
        assertThat(done.code()).as(done.all()).isZero();
        assertThat(done.json().path("state").asText()).isEqualTo("EXECUTED");
        assertThat(done.json().path("resumed").asBoolean()).isTrue();
        return done.json().path("policy");
    }

    /** A name no earlier run used: routes and assets outlive test runs on a reused network. */
    static String unique(String prefix) {
        return prefix + "-" + Long.toString(System.nanoTime(), 36);
    }
}
