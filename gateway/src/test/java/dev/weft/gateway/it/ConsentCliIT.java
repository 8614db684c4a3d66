package dev.weft.gateway.it;

import static dev.weft.gateway.it.WeftCli.approve;
import static dev.weft.gateway.it.WeftCli.profile;
import static dev.weft.gateway.it.WeftCli.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.cli.ExitCodes;
import dev.weft.gateway.it.WeftCli.Run;
import dev.weft.gateway.task.TaskLedger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 from the command line, on the real channel: consent before work, and
 * no creator-chosen SQL. (The engines' side, SQL text refused, is in
 * {@link TaskExecutionIT}.)
 */
@ExtendWith(RealNetwork.class)
class ConsentCliIT {

    /**
     * The first paragraph of issue 9: Org2 created three-org-sales with its own SQL and
     * Org1's and Org3's engines ran it on their private data. Now refused, nothing written.
     */
    @Test
    @DisplayName("issue 9 items 1 2 3: Org2 cannot make Org1 and Org3 run its SQL with --param query=SELECT …")
    void aCreatorCannotChooseTheSqlOthersRun() {
        String id = "it-sales-attack-" + System.nanoTime();
        String example = RealNetwork.repo().resolve("examples/tasks/three-org-sales.json").toString();
        Run define = run("task", "define", example, "--id", id, "--user", "Admin", "--profile", profile("org1"));
        assertThat(define.code).as(define.all()).isZero();
        Consent.settled(id, "org1");
        Run early = run("task", "create", id, "--profile", profile("org2"));
        assertThat(early.code).as(early.all()).isEqualTo(ExitCodes.REFUSED);
        assertThat(early.err).contains("DEFINITION_NOT_APPROVED").contains("Org2MSP, Org3MSP");

        approve(id, "org2", "org3");
        Run listed = run("task", "definitions", "--profile", profile("org2"));
        assertThat(listed.out).containsPattern(id + " +1 +4 +Org1MSP +\\S+ +yes ");
        Run attack = run("task", "create", id, "--param", "query=SELECT amount * 1000 AS amount FROM sales",
                "--profile", profile("org2"));
        assertThat(attack.code).as(attack.all()).isEqualTo(ExitCodes.REFUSED);
        assertThat(attack.err).contains("PARAMETER_NOT_ALLOWED");
        try (ChainClient chain = RealNetwork.client("org2", "User1")) {
            TaskLedger tasks = new TaskLedger(chain);
            for (String status : List.of("RUNNING", "COMPLETED", "FAILED")) {
                assertThat(tasks.tasks(status, 200, "", true).items()).extracting(t -> t.path("definitionId").asText())
                        .as("no task of " + id).doesNotContain(id);
            }
        }
    }

    @Test
    @DisplayName("issue 9 item 1: a definition its owner changed is a new revision every participant approves again")
    void aChangedDefinitionNeedsApprovalAgain(@TempDir Path dir) throws Exception {
        String id = "it-revised-" + System.nanoTime();
        String draft = """
                {"id":"%s","subtasks":[{"name":"hold","operation":"it.hold","participants":["Org1MSP","Org2MSP"],
                 "parameters":{"limit":"%s"},"timeoutSeconds":3600}]}""";
        Path file = Files.writeString(dir.resolve("d.json"), draft.formatted(id, "10"));
        assertThat(run("task", "define", file.toString(), "--user", "Admin", "--profile", profile("org1")).code)
                .isZero();
        Consent.settled(id, "org1");
        approve(id, "org2");
        String first = WeftCli.read(run("task", "definitions", id, "--profile", profile("org2"), "-o", "json").out)
                .path("digest").asText();

        Files.writeString(file, draft.formatted(id, "99"));
        Run revised = run("task", "define", file.toString(), "--user", "Admin", "--profile", profile("org1"));
        assertThat(revised.code).as(revised.all()).isZero();
        assertThat(revised.out).contains("registered definition " + id + " revision 2");
        Consent.settled(id, "org1");
        Run refused = run("task", "create", id, "--profile", profile("org2"));
        assertThat(refused.code).as(refused.all()).isEqualTo(ExitCodes.REFUSED);
        assertThat(refused.err).contains("DEFINITION_NOT_APPROVED").contains("revision 2").contains("Org2MSP");
        Run shown = run("task", "definitions", id, "--profile", profile("org2"));
        assertThat(shown.out).contains("Org2MSP (Admin@org2.example.com) approved " + first.substring(0, 12)
                + " (an older revision)").contains("not active: awaiting Org2MSP");
        Run stale = run("task", "approve", id, "--digest", first, "--user", "Admin", "--profile", profile("org2"));
        assertThat(stale.code).as(stale.all()).isEqualTo(ExitCodes.REFUSED);
        assertThat(stale.err).contains("CONFLICT");

        approve(id, "org2");
        Run created = run("task", "create", id, "--profile", profile("org2"), "-o", "json");
        assertThat(created.code).as(created.all()).isZero();
        String taskId = WeftCli.read(created.out).path("taskId").asText();
        try (ChainClient org1 = RealNetwork.client("org1", "User1")) {
            JsonNode hold = WeftCli.read(org1.evaluateText("task:GetSubtask", taskId, "hold")).path("state");
            assertThat(hold.path("parameters").path("limit").asText()).isEqualTo("99");
            // no engine serves it.hold: end the task so no gateway keeps it
            org1.submit("task:ReportFailure", taskId, "hold", "1", "ConsentCliIT cleanup");
        }
    }
}
