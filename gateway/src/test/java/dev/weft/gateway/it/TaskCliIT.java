package dev.weft.gateway.it;

import static dev.weft.gateway.it.WeftCli.approve;
import static dev.weft.gateway.it.WeftCli.profile;
import static dev.weft.gateway.it.WeftCli.read;
import static dev.weft.gateway.it.WeftCli.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.cli.ExitCodes;
import dev.weft.gateway.it.WeftCli.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code weft task} commands in process against the real channel. Most tasks
 * here use an operation no engine serves ({@code it.hold}), so they stay READY
 * whatever gateways run, and their state is known exactly; one test runs Org1's
 * engine and scheduler in process to see {@code create --wait} end.
 */
@ExtendWith(RealNetwork.class)
class TaskCliIT {
    private static final List<String> CREATED = new ArrayList<>();

    @TempDir
    static Path temp;
    static Path holdFile;
    static String holdId;

    /** Registers a two-step definition: hold (Org1, Org2), then after (Org3). */
    @BeforeAll
    static void registerTheHoldDefinition() throws IOException {
        holdId = "it-hold-" + System.nanoTime();
        holdFile = temp.resolve("hold.json");
        Files.writeString(holdFile, """
                {"id":"%s","description":"TaskCliIT: no engine serves it.hold, so its subtasks stay READY",
                 "subtasks":[
                  {"name":"hold","operation":"it.hold","participants":["Org2MSP","Org1MSP"],"timeoutSeconds":3600,
                   "creatorParameters":{"note":{"type":"string","maxLength":64}}},
                  {"name":"after","operation":"it.hold","participants":["Org3MSP"],"dependsOn":["hold"],
                   "timeoutSeconds":3600}]}""".formatted(holdId));
        Run r = run("task", "define", holdFile.toString(), "--user", "Admin", "--profile", profile("org1"));
        assertThat(r.code).as(r.all()).isZero();
        assertThat(r.out).contains("registered definition " + holdId + " revision 1 (2 subtasks)");
        approve(holdId, "org2", "org3");
    }

    /** Ends the tasks left RUNNING so no gateway keeps them in its task list. */
    @AfterAll
    static void failWhatIsStillRunning() {
        try (ChainClient chain = RealNetwork.client("org1", "User1")) {
            for (String taskId : CREATED) {
                JsonNode view = read(chain.evaluateText("task:GetTask", taskId));
                JsonNode hold = view.path("subtasks").get(0).path("state");
                if (view.path("task").path("status").asText().equals("RUNNING")
                        && hold.path("status").asText().equals("READY")) {
                    chain.submit("task:ReportFailure", taskId, "hold", hold.path("attempt").asText(),
                            "TaskCliIT cleanup");
                }
            }
        }
    }

    @Test
    void aUserWhoIsNotAnAdminMayNotDefineTasks() {
        Run r = run("task", "define", holdFile.toString(), "--id", "it-forbidden-" + System.nanoTime(),
                "--user", "User1", "--profile", profile("org1"));
        assertThat(r.code).as(r.all()).isEqualTo(ExitCodes.REFUSED);
        assertThat(r.err).contains("FORBIDDEN").contains("is not an admin of Org1MSP");
    }

    @Test
    void anAdminRegistersTheExampleOnceAndEveryoneCanReadIt() {
        String id = "it-sales-" + System.nanoTime();
        String example = RealNetwork.repo().resolve("examples/tasks/three-org-sales.json").toString();
        Run r = run("task", "define", example, "--id", id, "--user", "Admin", "--profile", profile("org2"),
                "-o", "json");
        assertThat(r.code).as(r.all()).isZero();
        JsonNode stored = read(r.out).path("definition");
        assertThat(stored.path("id").asText()).isEqualTo(id);
        assertThat(stored.path("ownerMsp").asText()).isEqualTo("Org2MSP");
        assertThat(stored.path("subtasks")).hasSize(4);

        Run all = run("task", "definitions", "--profile", profile("org3"), "-o", "json");
        assertThat(all.code).as(all.all()).isZero();
        assertThat(read(all.out).findValuesAsText("id")).contains(id, holdId);
        Run one = run("task", "definitions", id, "--profile", profile("org3"));
        assertThat(one.out).contains("owner Org2MSP (Admin@org2.example.com)")
                .contains("total       combine    Org1MSP       org1-total,org2-total,org3-total");

        assertThat(one.out).contains("Org2MSP (Admin@org2.example.com) approved ")
                .contains("not active: awaiting Org1MSP,Org3MSP");

        Run again = run("task", "define", example, "--id", id, "--user", "Admin", "--profile", profile("org1"));
        assertThat(again.code).as(again.all()).isEqualTo(ExitCodes.REFUSED);
        assertThat(again.err).contains("ALREADY_EXISTS");
        Run kept = run("task", "define", example, "--id", id, "--user", "Admin", "--profile", profile("org1"),
                "--ignore-existing");
        assertThat(kept.code).as(kept.all()).isZero();
        assertThat(kept.out).contains("was already registered");

        Run dot = run("task", "graph", id, "--definition", "--format", "dot", "--profile", profile("org1"));
        assertThat(dot.out).contains("\"org3-total\" -> \"total\";").contains("class=\"defined\"");
    }

    @Test
    void aNewTaskIsRunningWithItsFirstSubtaskReadyInEveryView() {
        Run created = run("task", "create", holdId, "--param", "note=a=b", "--profile", profile("org1"), "-o", "json");
        assertThat(created.code).as(created.all()).isZero();
        JsonNode c = read(created.out);
        String taskId = remember(c.path("taskId").asText());
        assertThat(taskId).hasSize(64).isEqualTo(c.path("transactionId").asText());
        assertThat(c.path("blockNumber").asLong()).isPositive();
        assertThat(c.path("task").path("status").asText()).isEqualTo("RUNNING");
        assertThat(c.path("task").path("parameters").path("note").asText()).isEqualTo("a=b");

        JsonNode status = read(run("task", "status", taskId, "--profile", profile("org2"), "-o", "json").out);
        assertThat(status.path("task").path("status").asText()).isEqualTo("RUNNING");
        assertThat(status.path("subtasks").findValuesAsText("status")).containsExactly("READY", "PENDING");
        Run text = run("task", "status", taskId, "--profile", profile("org3"));
        assertThat(text.out).contains("task " + taskId + "  RUNNING")
                .contains("owner Org1MSP (User1@org1.example.com)").containsPattern(
                        "hold +it\\.hold +Org1MSP,Org2MSP +READY +1 +0/2 +- +-")
                .containsPattern("after +it\\.hold +Org3MSP +PENDING +1 +0/1");

        Run running = run("task", "list", "--status", "running", "--all", "--page-size", "200",
                "--profile", profile("org1"), "-o", "json");
        assertThat(running.code).as(running.all()).isZero();
        assertThat(read(running.out).path("items").findValuesAsText("taskId")).contains(taskId);
        assertThat(read(running.out).path("bookmarks").path("RUNNING").asText()).isEmpty();
        Run everyStatus = run("task", "list", "--all", "--page-size", "200", "--profile", profile("org1"));
        assertThat(everyStatus.out).containsPattern(taskId + " +RUNNING +" + holdId);

        Run mermaid = run("task", "graph", taskId, "--profile", profile("org1"));
        assertThat(mermaid.out).startsWith("flowchart LR").contains("s0 --> s1")
                .contains("class s0 ready").contains("class s1 pending");
        Run dot = run("task", "graph", taskId, "--format", "dot", "--profile", profile("org1"), "-o", "json");
        assertThat(read(dot.out).path("graph").asText()).contains("\"hold\" -> \"after\";")
                .contains("class=\"ready\"");

        Run org2 = run("task", "pending", "--all", "--page-size", "200", "--profile", profile("org2"), "-o", "json");
        assertThat(org2.code).as(org2.all()).isZero();
        assertThat(read(org2.out).path("mspId").asText()).isEqualTo("Org2MSP");
        assertThat(pendingFor(read(org2.out), taskId)).containsExactly("hold");
        Run org3 = run("task", "pending", "--msp", "Org3MSP", "--all", "--page-size", "200",
                "--profile", profile("org1"), "-o", "json");
        assertThat(pendingFor(read(org3.out), taskId)).isEmpty();
    }

    @Test
    void waitingForATaskNobodyRunsTimesOutWithItsOwnExitCode() {
        Run r = run("task", "create", holdId, "--wait", "--timeout", "3s", "--poll-interval", "1s",
                "--profile", profile("org1"));
        assertThat(r.code).as(r.all()).isEqualTo(ExitCodes.TASK_TIMED_OUT);
        assertThat(r.out).contains("RUNNING  hold=READY after=PENDING")
                .contains("gave up waiting after PT3S; the task is still RUNNING");
        remember(r.out.substring(r.out.indexOf("created task ") + 13).substring(0, 64));
    }

    @Test
    void aReportedFailureShowsWhoWhatAndWhyAndTheOwnerRetriesIt() {
        String taskId = remember(read(run("task", "create", holdId, "--profile", profile("org1"), "-o", "json").out)
                .path("taskId").asText());
        try (ChainClient org2 = RealNetwork.client("org2", "User1")) {
            org2.submit("task:ReportFailure", taskId, "hold", "1", "disk full, on purpose");
        }
        Run status = run("task", "status", taskId, "--profile", profile("org1"));
        assertThat(status.out).contains("task " + taskId + "  FAILED")
                .contains("REPORTED #1 by Org2MSP: disk full, on purpose")
                .contains("hold attempt 1: REPORTED recorded by Org2MSP (User1@org2.example.com) at ");
        Run watch = run("task", "status", taskId, "--watch", "--profile", profile("org1"), "-o", "json");
        assertThat(watch.code).as(watch.all()).isEqualTo(ExitCodes.TASK_FAILED);
        assertThat(run("task", "graph", taskId, "--profile", profile("org1")).out).contains("class s0 failed");
        Run failed = run("task", "list", "--status", "FAILED", "--all", "--page-size", "200",
                "--profile", profile("org1"), "-o", "json");
        List<String> allFailed = read(failed.out).path("items").findValuesAsText("taskId");
        assertThat(allFailed).contains(taskId);
        JsonNode first = read(run("task", "list", "--status", "FAILED", "--page-size", "1",
                "--profile", profile("org1"), "-o", "json").out);
        String bookmark = first.path("bookmarks").path("FAILED").asText();
        assertThat(bookmark).matches("[A-Za-z0-9_-]+");
        JsonNode second = read(run("task", "list", "--status", "FAILED", "--page-size", "1", "--bookmark", bookmark,
                "--profile", profile("org1"), "-o", "json").out);
        assertThat(first.path("items").findValuesAsText("taskId")).containsExactly(allFailed.get(0));
        assertThat(second.path("items").findValuesAsText("taskId"))
                .isEqualTo(allFailed.size() > 1 ? List.of(allFailed.get(1)) : List.of());

        Run stranger = run("task", "retry", taskId, "hold", "--profile", profile("org3"));
        assertThat(stranger.code).as(stranger.all()).isEqualTo(ExitCodes.REFUSED);
        assertThat(stranger.err).contains("FORBIDDEN");
        Run retry = run("task", "retry", taskId, "hold", "--profile", profile("org1"));
        assertThat(retry.code).as(retry.all()).isZero();
        assertThat(retry.out).contains("subtask hold of task " + taskId + " is READY at attempt 2");
        JsonNode after = read(run("task", "status", taskId, "--profile", profile("org1"), "-o", "json").out);
        assertThat(after.path("task").path("status").asText()).isEqualTo("RUNNING");
        assertThat(after.path("subtasks").get(0).path("state").path("attempt").asInt()).isEqualTo(2);
    }

    /** With Org1's engine and scheduler running in this JVM, --wait sees the task end either way. */
    @Test
    void createWaitFollowsATaskToItsEndWhileOrg1RunsIt(@TempDir Path dir) {
        String id = "it-echo-" + System.nanoTime();
        String example = RealNetwork.repo().resolve("examples/tasks/echo-sum.json").toString();
        Run define = run("task", "define", example, "--id", id, "--user", "Admin", "--profile", profile("org1"));
        assertThat(define.code).as(define.all()).isZero();
        try (OrgServices org1 = new OrgServices("org1", dir)) {
            Run done = run("task", "create", id, "--param", "values=4,5,6", "--wait", "--timeout", "120s",
                    "--poll-interval", "2s", "--profile", profile("org1"), "-o", "json");
            assertThat(done.code).as(done.all()).isZero();
            JsonNode out = read(done.out);
            assertThat(out.path("outcome").asText()).isEqualTo("COMPLETED");
            JsonNode sum = out.path("task").path("subtasks").get(0);
            assertThat(sum.path("state").path("status").asText()).isEqualTo("COMPLETED");
            assertThat(read(sum.path("results").get(0).path("value").asText()).path("value").asInt()).isEqualTo(15);
            Run watch = run("task", "status", out.path("taskId").asText(), "--watch", "--profile", profile("org2"));
            assertThat(watch.code).as(watch.all()).isZero();
            assertThat(watch.out).containsPattern("sum +sum +Org1MSP +COMPLETED +1 +1/1 +[0-9a-f]{12} +-");

            Run failed = run("task", "create", id, "--param", "values=four", "--wait", "--timeout", "120s",
                    "--poll-interval", "2s", "--profile", profile("org1"));
            assertThat(failed.code).as(failed.all()).isEqualTo(ExitCodes.TASK_FAILED);
            assertThat(failed.out).contains("REPORTED #1 by Org1MSP: ").contains("task FAILED");
        }
    }

    /** The example computes what its description says over the demo data of the three engines. */
    @Test
    void theThreeOrgSalesExampleTotalsEveryOrganisationsSales(@TempDir Path dir) {
        String id = "it-sales-run-" + System.nanoTime();
        String example = RealNetwork.repo().resolve("examples/tasks/three-org-sales.json").toString();
        Run define = run("task", "define", example, "--id", id, "--user", "Admin", "--profile", profile("org3"));
        assertThat(define.code).as(define.all()).isZero();
        approve(id, "org1", "org2");
        Map<String, OrgServices> services = OrgServices.start(dir, "org1", "org2", "org3");
        try {
            Run r = run("task", "create", id, "--wait", "--timeout", "180s", "--poll-interval", "2s",
                    "--profile", profile("org2"), "-o", "json");
            assertThat(r.code).as(r.all()).isZero();
            JsonNode task = read(r.out).path("task");
            assertThat(task.path("subtasks").findValuesAsText("status"))
                    .containsExactly("COMPLETED", "COMPLETED", "COMPLETED", "COMPLETED");
            JsonNode total = read(task.path("subtasks").get(3).path("results").get(0).path("value").asText());
            assertThat(total.path("value").asInt()).isEqualTo(4125);
            assertThat(total.path("count").asInt()).isEqualTo(15);
            Run status = run("task", "status", read(r.out).path("taskId").asText(), "--profile", profile("org3"));
            assertThat(status.out)
                    .contains("  total: {\"count\":15,\"operation\":\"sum\",\"sum\":4125,\"value\":4125}");
            Run graph = run("task", "graph", read(r.out).path("taskId").asText(), "--profile", profile("org1"));
            assertThat(graph.out).contains("class s3 completed").doesNotContain("ready").doesNotContain("pending");
        } finally {
            OrgServices.closeAll(services);
        }
    }

    private static List<String> pendingFor(JsonNode page, String taskId) {
        List<String> subtasks = new ArrayList<>();
        page.path("items").forEach(i -> {
            if (i.path("taskId").asText().equals(taskId)) {
                subtasks.add(i.path("subtaskId").asText());
            }
        });
        return subtasks;
    }

    private static synchronized String remember(String taskId) {
        CREATED.add(taskId);
        return taskId;
    }
}
