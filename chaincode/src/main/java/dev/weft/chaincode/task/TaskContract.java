package dev.weft.chaincode.task;

import dev.weft.chaincode.ledger.WeftException;
import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.Caller;
import dev.weft.chaincode.ledger.Json;

import dev.weft.chaincode.ledger.Ledger;
import dev.weft.chaincode.ledger.Members;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contact;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.License;
import org.hyperledger.fabric.contract.annotation.Transaction;

/**
 * The off-chain compute contract (S1.1–S1.5): task definitions, task instances,
 * ready-subtask events, results, failures, timeouts and retries.
 *
 * <pre>
 * peer chaincode invoke … -c '{"function":"task:RegisterDefinition","Args":["{\"id\":\"sum\",…}"]}'
 * peer chaincode invoke … -c '{"function":"task:ApproveDefinition","Args":["sum","&lt;digest&gt;"]}'
 * peer chaincode invoke … -c '{"function":"task:CreateTask","Args":["sum","{\"n\":\"3\"}"]}'
 * peer chaincode invoke … -c '{"function":"task:SubmitResult","Args":["&lt;taskId&gt;","add","1","&lt;sha256&gt;","6"]}'
 * peer chaincode invoke … -c '{"function":"task:SubmitResults","Args":["[{\"taskId\":…},…]"]}'
 * peer chaincode invoke … -c '{"function":"task:SubmitCollaborativeResult","Args":["&lt;taskId&gt;","total","1","&lt;sha256&gt;","4125","[…]"]}'
 * peer chaincode query  … -c '{"function":"task:PendingSubtasks","Args":["Org1MSP","50",""]}'
 * </pre>
 *
 * <h2>Lifecycle</h2>
 * A task is RUNNING until all its subtasks are COMPLETED (task COMPLETED) or one
 * is FAILED (task FAILED). A FAILED task is halted rather than abandoned: its
 * READY subtasks still accept results (the work was dispatched and is valid),
 * but no dependent becomes ready until RetrySubtask has reopened every failed
 * subtask and the task is RUNNING again; that retry's event then lists the
 * reopened subtask and every subtask unblocked meanwhile.
 *
 * <h2>Which transactions may conflict (MVCC)</h2>
 * Every fact has its own key (see {@link TaskKeys}) and decisions use point
 * reads, so:
 * <ul>
 * <li>transactions on different tasks never conflict; CreateTask writes only keys
 *     named by its transaction ID, and conflicts only with an approval or a
 *     replacement of its definition (whose keys it reads);</li>
 * <li>results of different participants for the same subtask conflict (each
 *     reads the others' result keys to learn whether it is the last one);</li>
 * <li>a result that completes a subtask reads every subtask of the task (to make
 *     dependents ready and to detect completion), so it conflicts with a
 *     concurrent completion, failure or retry in the same task: the fan-in case;</li>
 * <li>a change of the task's status (completion, failure, retry) rewrites the
 *     task record, which every write of that task reads;</li>
 * <li>results that do not complete a subtask, for different subtasks of one
 *     task, do not conflict.</li>
 * </ul>
 * A conflicted transaction writes nothing; the gateway resubmits it (its submit
 * path retries MVCC_READ_CONFLICT and PHANTOM_READ_CONFLICT), and the retried
 * transaction re-evaluates against the new state — the later of two fan-in
 * results then finds the other one and completes the subtask.
 */
@Contract(name = "task", info = @Info(title = "Weft off-chain compute tasks", version = "1",
        license = @License(name = "Apache-2.0"), contact = @Contact(name = "Weft")))
public final class TaskContract implements ContractInterface {

    /**
     * Proposes a task type; the caller must be an admin of a member organisation, whose own approval it
     * carries. Returns the stored definition with its approvals.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT, name = "RegisterDefinition")
    public String registerDefinition(Context ctx, String definitionJson) {
        Ledger ledger = Ledger.of(ctx);
        Caller admin = Members.requireMemberAdmin(ledger);
        if (TaskRegistry.governed(ledger)) {
            throw WeftException.of(ErrorCode.FORBIDDEN, "task definitions are governed: propose a "
                    + "REGISTER_TASK_DEFINITION operation and register it with gov:Execute once granted");
        }
        return TaskRegistry.register(ledger, admin, definitionJson);
    }

    /**
     * An admin of a participant organisation approves a definition's content, named by its digest
     * (issue 9 item 1); tasks of it can be created once every participant has. Returns the approval
     * (GetDefinition shows them all).
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT, name = "ApproveDefinition")
    public String approveDefinition(Context ctx, String definitionId, String digest) {
        return Json.write(DefinitionApprovals.approve(Ledger.of(ctx), definitionId, digest));
    }

    /** The definition with its approvals, the participants awaited and whether it is active. */
    @Transaction(intent = Transaction.TYPE.EVALUATE, name = "GetDefinition")
    public String getDefinition(Context ctx, String id) {
        return TaskQueries.getDefinition(Ledger.of(ctx), id);
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE, name = "ListDefinitions")
    public String listDefinitions(Context ctx) {
        return TaskQueries.listDefinitions(Ledger.of(ctx));
    }

    /**
     * Creates a task instance owned by the caller (any identity of a member organisation) of an active
     * definition, with only the parameters it declares for creators. Returns the task.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT, name = "CreateTask")
    public String createTask(Context ctx, String definitionId, String paramsJson) {
        return TaskProgress.create(Ledger.of(ctx), definitionId, paramsJson);
    }

    /**
     * Many tasks in one transaction (issue 16), each checked as by CreateTask, with task ID
     * {@code <txId>.<index>}: {@code [{"definitionId":"sum","params":{"n":"3"}},…]}. Returns each entry's
     * outcome ({@link TaskBatch}); a refused entry creates nothing and the others are created.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT, name = "CreateTasks")
    public String createTasks(Context ctx, String entriesJson) {
        return TaskBatch.createTasks(Ledger.of(ctx), entriesJson);
    }

    /**
     * Many results and failure reports of the caller's organisation in one transaction (issue 16), each
     * checked, fenced and recorded as by SubmitResult, SubmitCollaborativeResult or ReportFailure. Returns
     * each entry's outcome ({@link TaskBatch}); a refused entry changes nothing and the others are recorded.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT, name = "SubmitResults")
    public String submitResults(Context ctx, String entriesJson) {
        return TaskBatch.submitResults(Ledger.of(ctx), entriesJson);
    }

    /** A participant's result for one attempt of a subtask. Returns the subtask's state after it. */
    @Transaction(intent = Transaction.TYPE.SUBMIT, name = "SubmitResult")
    public String submitResult(Context ctx, String taskId, String subtaskId, String attempt, String digest,
            String inlineValue) {
        return TaskProgress.submit(Ledger.of(ctx), taskId, subtaskId, attempt, digest, inlineValue, null);
    }

    /**
     * A participant's result for one attempt of a collaborative subtask (S1.10), with the manifest of
     * what it sent to and received from the other participants during it ({@link Manifest}: digests and
     * sizes, no payload). Returns the subtask's state after it.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT, name = "SubmitCollaborativeResult")
    public String submitCollaborativeResult(Context ctx, String taskId, String subtaskId, String attempt,
            String digest, String inlineValue, String manifestJson) {
        return TaskProgress.submit(Ledger.of(ctx), taskId, subtaskId, attempt, digest, inlineValue,
                manifestJson == null ? "" : manifestJson);
    }

    /** A participant gives up an attempt; the subtask and the task fail. Returns the subtask's state. */
    @Transaction(intent = Transaction.TYPE.SUBMIT, name = "ReportFailure")
    public String reportFailure(Context ctx, String taskId, String subtaskId, String attempt, String reason) {
        return TaskRecovery.reportFailure(Ledger.of(ctx), taskId, subtaskId, attempt, reason);
    }

    /**
     * Fails the READY subtasks whose deadline plus the peer's time window has passed (task owner or an identity
     * of a participant organisation). Returns the task (GetTask shape, without results).
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT, name = "CheckTimeout")
    public String checkTimeout(Context ctx, String taskId) {
        return TaskRecovery.checkTimeout(Ledger.of(ctx), taskId);
    }

    /** Reopens a failed subtask at its next attempt (task owner or participant admin). Returns the subtask. */
    @Transaction(intent = Transaction.TYPE.SUBMIT, name = "RetrySubtask")
    public String retrySubtask(Context ctx, String taskId, String subtaskId) {
        return TaskRecovery.retry(Ledger.of(ctx), taskId, subtaskId);
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE, name = "GetTask")
    public String getTask(Context ctx, String taskId) {
        return TaskQueries.getTask(Ledger.of(ctx), taskId);
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE, name = "GetSubtask")
    public String getSubtask(Context ctx, String taskId, String subtaskId) {
        return TaskQueries.getSubtask(Ledger.of(ctx), taskId, subtaskId);
    }

    /** {@code {"items":[Task…],"bookmark":"…"}}; an empty bookmark means the last page. */
    @Transaction(intent = Transaction.TYPE.EVALUATE, name = "ListTasks")
    public String listTasks(Context ctx, String status, String pageSize, String bookmark) {
        return TaskQueries.listTasks(Ledger.of(ctx), status, pageSize, bookmark);
    }

    /** {@code {"items":[ReadySubtask…],"bookmark":"…"}}: the work still waiting for {@code mspId}. */
    @Transaction(intent = Transaction.TYPE.EVALUATE, name = "PendingSubtasks")
    public String pendingSubtasks(Context ctx, String mspId, String pageSize, String bookmark) {
        return TaskQueries.pendingSubtasks(Ledger.of(ctx), mspId, pageSize, bookmark);
    }
}
