package dev.weft.gateway.task;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.Page;
import dev.weft.gateway.json.Json;
import java.util.List;
import java.util.Objects;

/**
 * The {@code task} contract as the CLI uses it: one method per function, results
 * read into {@link TaskSnapshot}s or left as JSON. Refusals surface as the
 * {@link dev.weft.gateway.chain.ChainException} the client raises, carrying the
 * chaincode's code ({@code FORBIDDEN}, {@code NOT_FOUND}, …).
 *
 * <pre>{@code
 * TaskLedger tasks = new TaskLedger(chain);
 * TaskLedger.Submitted created = tasks.create("echo-sum", TaskParams.parse(List.of("values=1,2")));
 * TaskSnapshot now = tasks.task(created.value().path("taskId").asText());
 * }</pre>
 */
public final class TaskLedger {
    /** The task contract's default page size. */
    public static final int DEFAULT_PAGE_SIZE = 50;

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
