package dev.weft.gateway.task;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.Page;
import dev.weft.gateway.json.Json;
import java.util.List;
import java.util.Objects;

/**
 * The {@code task} contract, typed: every function the gateway, the CLI and the
 * benchmarks call, one method each, results read into {@link TaskSnapshot}s or left
 * as JSON. The scheduler's writes (results, failure reports, batches) return the
 * {@link ChainClient.Committed} transaction, so that retries and batching stay the
 * caller's. Refusals surface as the {@link dev.weft.gateway.chain.ChainException}
 * the client raises, carrying the chaincode's code ({@code FORBIDDEN},
 * {@code NOT_FOUND}, …).
 *
 * <pre>{@code
 * TaskLedger tasks = new TaskLedger(chain);
 * TaskLedger.Submitted created = tasks.create("echo-sum", TaskParams.parse(List.of("values=1,2")));
 * TaskSnapshot now = tasks.task(created.value().path("taskId").asText());
 * tasks.submitResult(taskId, "total", 1, digest, "6");
 * }</pre>
 */
public final class TaskLedger {
    /** The task contract's default page size. */
    public static final int DEFAULT_PAGE_SIZE = 50;

    /** The functions a cluster member may call only as its cluster's acting master (fencing, issue 11). */
    public static final String SUBMIT_RESULT = "task:SubmitResult";
    public static final String SUBMIT_COLLABORATIVE_RESULT = "task:SubmitCollaborativeResult";
    public static final String REPORT_FAILURE = "task:ReportFailure";
    public static final String SUBMIT_RESULTS = "task:SubmitResults";

    private final ChainClient chain;

    /** A committed transaction and what the chaincode returned. */
    public record Submitted(String transactionId, long blockNumber, JsonNode value) {
    }

    public TaskLedger(ChainClient chain) {
        this.chain = Objects.requireNonNull(chain, "chain");
    }

    public ChainClient chain() {
        return chain;
    }

    /** Registers a definition (the caller must be an organisation admin); the value is the stored definition. */
    public Submitted register(String definitionJson) {
        return submit("task:RegisterDefinition", definitionJson);
    }

    /**
     * Approves a definition's content for the caller's organisation (an admin of a
     * participant); {@code digest} is the content the admin read. The value is the approval.
     */
    public Submitted approve(String definitionId, String digest) {
        return submit("task:ApproveDefinition", definitionId, digest);
    }

    /** A definition with its approvals, the participants awaited and whether it is active. */
    public JsonNode definition(String id) {
        return evaluate("task:GetDefinition", id);
    }

    /** Every definition with its approvals, in ID order. */
    public JsonNode definitions() {
        return evaluate("task:ListDefinitions");
    }

    /** Creates a task; the value is the task record, whose ID is the transaction's. */
    public Submitted create(String definitionId, TaskParams params) {
        return submit("task:CreateTask", definitionId, params.toJson());
    }

    public TaskSnapshot task(String taskId) {
        return TaskSnapshot.of(evaluate("task:GetTask", taskId));
    }

    /** Reopens a failed subtask at its next attempt; the value is the subtask. */
    public Submitted retry(String taskId, String subtaskId) {
        return submit("task:RetrySubtask", taskId, subtaskId);
    }

    /** Tasks in {@code status}: one page from {@code bookmark}, or with {@code all} every page from there on. */
    public Page tasks(String status, int pageSize, String bookmark, boolean all) {
        return pages("task:ListTasks", status, pageSize, bookmark, all);
    }

    /** Ready subtasks still waiting for {@code mspId}'s result. */
    public Page pending(String mspId, int pageSize, String bookmark, boolean all) {
        return pages("task:PendingSubtasks", mspId, pageSize, bookmark, all);
    }

    /** A task with every subtask, its state and results, as the chaincode returns it. */
    public JsonNode taskRecord(String taskId) {
        return evaluate("task:GetTask", taskId);
    }

    /** One subtask's record; a {@code NOT_FOUND} refusal when the task or subtask does not exist. */
    public JsonNode subtask(String taskId, String subtaskId) {
        return evaluate("task:GetSubtask", taskId, subtaskId);
    }

    /** Creates one task per entry ({@code [{"definitionId":…,"params":{…}},…]}); per-entry outcomes. */
    public ChainClient.Committed createTasks(String entriesJson) {
        return chain.submit("task:CreateTasks", entriesJson);
    }

    /** This organisation's result of a subtask attempt: its digest and inline value. */
    public ChainClient.Committed submitResult(String taskId, String subtaskId, int attempt, String digest,
            String inline) {
        return chain.submit(SUBMIT_RESULT, taskId, subtaskId, Integer.toString(attempt), digest, inline);
    }

    /** As {@link #submitResult}, for a collaborative subtask, with the manifest of what was exchanged (S1.10). */
    public ChainClient.Committed submitCollaborativeResult(String taskId, String subtaskId, int attempt,
            String digest, String inline, String manifestJson) {
        return chain.submit(SUBMIT_COLLABORATIVE_RESULT, taskId, subtaskId, Integer.toString(attempt), digest,
                inline, manifestJson);
    }

    /** This organisation cannot produce a result of the attempt, for {@code reason}. */
    public ChainClient.Committed reportFailure(String taskId, String subtaskId, int attempt, String reason) {
        return chain.submit(REPORT_FAILURE, taskId, subtaskId, Integer.toString(attempt), reason);
    }

    /** Results and failure reports in one transaction (issue 16); the response has one outcome per entry. */
    public ChainClient.Committed submitResults(String entriesJson) {
        return chain.submit(SUBMIT_RESULTS, entriesJson);
    }

    private Page pages(String function, String key, int pageSize, String bookmark, boolean all) {
        return Page.collect(raw -> evaluate(function, key, Integer.toString(pageSize), raw), bookmark, all);
    }

    private Submitted submit(String function, String... args) {
        ChainClient.Committed tx = chain.submit(function, args);
        return new Submitted(tx.transactionId(), tx.blockNumber(), Json.SORTED.read(tx.resultText(), function));
    }

    private JsonNode evaluate(String function, String... args) {
        return Json.SORTED.read(chain.evaluateText(function, args), function);
    }
}
