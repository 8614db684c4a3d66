package dev.weft.chaincode.cluster;

import dev.weft.chaincode.gov.GovernanceSettings;
import dev.weft.chaincode.ledger.Caller;
import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.Ledger;
import dev.weft.chaincode.ledger.Members;
import dev.weft.chaincode.ledger.WeftException;
import dev.weft.chaincode.task.ConsensusEvidence;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Consensus errors and the forced switch (S4.7). When a subtask attempt with several
 * participants ended in a disagreement that singles out exactly one organisation,
 * each other participant (its cluster's master, when it has one: the report is a
 * fenced write) reports that organisation's cluster, naming the subtask attempt as
 * evidence. The chain checks the evidence against the disagreement the task contract
 * recorded and keeps one report per reporter and evidence. It counts the reports
 * whose dissenting result the cluster's <em>current master</em> signed, within the
 * governed window of transaction time; at the governed threshold it forces a switch
 * in the same transaction: the master is marked not electable and the master row
 * moves to the next epoch with no master, which fences the deposed master at once;
 * the best live electable member (the slave) then registers at the epoch after, and
 * the members elect a new slave. The organisation's admin restores electability
 * after repair ({@code cluster:Restore}), which also clears the count.
 *
 * <pre>
 * cluster:ReportConsensusError  taskId, subtaskId, attempt   a participant that agreed with the majority
 * cluster:Restore               memberId                     admin of the member's organisation
 * </pre>
 */
final class ConsensusErrors {
    /** How many reports one cluster's count keeps at most (the oldest go first). */
    static final int MAX_KEPT = 256;

    /**
     * One report. {@code accused} is the identity that signed the dissenting result
     * (null when a later attempt's result replaced it) and {@code accusedMemberId}
     * the member enrolled with that identity, if any; {@code epoch} is the master
     * epoch of the reported cluster when the report was filed.
     */
    record Report(String mspId, String taskId, String subtaskId, int attempt, String reporterMsp, String reporter,
            String accused, String accusedMemberId, long epoch, String time, String txId) {
    }

    /** The reports against one cluster still in the window and filed after {@code since}. */
    record Count(String mspId, String since, List<Report> reports) {
        Count {
            reports = reports == null ? List.of() : List.copyOf(reports);
        }
    }

    /** What a report returns: the count against the current master, the rule, and whether it forced a switch. */
    record ReportReply(Report report, int count, int threshold, long windowSeconds, boolean forcedSwitch,
            Master master) {
    }

    private ConsensusErrors() {
    }

    static ReportReply report(Ledger ledger, String taskId, String subtaskId, String attempt) {
        Caller reporter = Members.requireMember(ledger);
        ConsensusEvidence.Evidence evidence = ConsensusEvidence.require(ledger, taskId, subtaskId, attempt);
        String msp = evidence.dissenter();
        if (msp.equals(reporter.mspId())) {
            throw WeftException.of(ErrorCode.FORBIDDEN, "%s cannot report its own consensus error", msp);
        }
        if (!evidence.digests().containsKey(reporter.mspId())) {
            throw WeftException.of(ErrorCode.FORBIDDEN, "%s took no part in attempt %d of %s/%s",
                    reporter.mspId(), evidence.attempt(), evidence.taskId(), evidence.subtaskId());
        }
        Fencing.requireMaster(ledger, reporter);
        Master master = ledger.get(ClusterKeys.master(ledger, msp), Master.class).orElseThrow(() ->
                WeftException.of(ErrorCode.NOT_FOUND, "%s has no gateway cluster to report", msp));
        String key = ClusterKeys.report(ledger, msp, evidence.taskId(), evidence.subtaskId(), evidence.attempt(),
                reporter.mspId());
        if (ledger.exists(key)) {
            throw WeftException.of(ErrorCode.ALREADY_EXISTS, "%s already reported attempt %d of %s/%s",
                    reporter.mspId(), evidence.attempt(), evidence.taskId(), evidence.subtaskId());
        }
        Instant now = ledger.txTime();
        String accusedMember = evidence.dissenterSubmitter() == null ? null
                : ledger.list(ClusterMember.class, ClusterKeys.MEMBER, msp).stream()
                        .filter(m -> m.identity().equals(evidence.dissenterSubmitter()))
                        .map(ClusterMember::memberId).findFirst().orElse(null);
        Report report = new Report(msp, evidence.taskId(), evidence.subtaskId(), evidence.attempt(),
                reporter.mspId(), reporter.qualifiedId(), evidence.dissenterSubmitter(), accusedMember,
                master.epoch(), now.toString(), ledger.txId());
        ledger.put(key, report);

        int threshold = GovernanceSettings.consensusErrorThreshold(ledger);
        long window = GovernanceSettings.consensusErrorWindowSeconds(ledger);
        List<Report> kept = new ArrayList<>();
        Count count = count(ledger, msp);
        Instant from = Instant.parse(count.since());
        Instant windowStart = now.minusSeconds(window);
        for (Report r : count.reports()) {
            Instant t = Instant.parse(r.time());
            if (!t.isBefore(from) && t.isAfter(windowStart)) {
                kept.add(r);
            }
        }
        kept.add(report);
        while (kept.size() > MAX_KEPT) {
            kept.remove(0);
        }
        int against = master.hasMaster() ? (int) kept.stream()
                .filter(r -> master.identity().equals(r.accused())).count() : 0;
        if (master.hasMaster() && against >= threshold) {
            // Reads see the state before this transaction, so what forceSwitch wrote is rebuilt here.
            ClusterMember demoted = forceSwitch(ledger, master);
            Master none = new Master(msp, master.cluster(), null, null, null, master.epoch() + 1, now.toString(),
                    ledger.txId());
            ClusterEvents.emit(ledger, ClusterEvents.Kind.FORCED_SWITCH, msp, none, demoted, null,
                    master.memberId(), report, against);
            return new ReportReply(report, against, threshold, window, true, none);
        }
        ledger.put(ClusterKeys.errors(ledger, msp), new Count(msp, count.since(), kept));
        ClusterEvents.emit(ledger, ClusterEvents.Kind.CONSENSUS_ERROR, msp, null, null, null, null, report, against);
        return new ReportReply(report, against, threshold, window, false, master);
    }

    /** The admin of the member's organisation makes it electable again and clears the cluster's count. */
    static ClusterMember restore(Ledger ledger, String memberIdArg) {
        Caller admin = Members.requireMemberAdmin(ledger);
        String memberId = ClusterChecks.name("member ID", memberIdArg);
        String msp = admin.mspId();
        ledger.require(ClusterKeys.cluster(ledger, msp), Cluster.class, "the cluster of " + msp);
        ClusterMember m = ledger.require(ClusterKeys.member(ledger, msp, memberId), ClusterMember.class,
                "member " + memberId + " of the cluster of " + msp);
        ClusterMember restored = new ClusterMember(msp, memberId, m.identity(), m.priority(), m.address(), true,
                admin.qualifiedId(), ledger.txTime().toString(), ledger.txId());
        ledger.put(ClusterKeys.member(ledger, msp, memberId), restored);
        ledger.put(ClusterKeys.errors(ledger, msp), new Count(msp, ledger.txTime().toString(), List.of()));
        ClusterEvents.emit(ledger, ClusterEvents.Kind.RESTORED, msp, null, restored, null, null, null, 0);
        return restored;
    }

    /**
     * {@code cluster:Switch}: the organisation's admin forces a switch by hand (after a
     * repair, or to move mastership off a member): the same effect as a switch forced by
     * reports. Returns the master row it leaves (next epoch, no master).
     */
    static Master adminSwitch(Ledger ledger) {
        Caller admin = Members.requireMemberAdmin(ledger);
        String msp = admin.mspId();
        Master master = Mastership.master(ledger, msp);
        if (!master.hasMaster()) {
            throw WeftException.of(ErrorCode.CONFLICT, "the cluster of %s has no master at epoch %d to switch",
                    msp, master.epoch());
        }
        ClusterMember demoted = forceSwitch(ledger, master);
        Master none = new Master(msp, master.cluster(), null, null, null, master.epoch() + 1,
                ledger.txTime().toString(), ledger.txId());
        ClusterEvents.emit(ledger, ClusterEvents.Kind.SWITCHED, msp, none, demoted, null, master.memberId(), null,
                null);
        return none;
    }

    /** The cluster's count as stored; an empty one counting from the cluster's creation when none is. */
    static Count count(Ledger ledger, String msp) {
        return ledger.get(ClusterKeys.errors(ledger, msp), Count.class).orElseGet(() -> new Count(msp,
                ledger.get(ClusterKeys.cluster(ledger, msp), Cluster.class).map(Cluster::createdAt)
                        .orElse(Instant.EPOCH.toString()), List.of()));
    }

    /** Removes the cluster's count and every report against it (cluster:Dissolve). */
    static void forget(Ledger ledger, String msp) {
        for (Report r : ledger.list(Report.class, ClusterKeys.REPORT, msp)) {
            ledger.delete(ClusterKeys.report(ledger, msp, r.taskId(), r.subtaskId(), r.attempt(), r.reporterMsp()));
        }
        ledger.delete(ClusterKeys.errors(ledger, msp));
    }

    /**
     * The master is not electable any more, the master row moves to the next epoch with
     * no master (so every write of the deposed master is refused from this block on),
     * and the count starts afresh.
     */
    private static ClusterMember forceSwitch(Ledger ledger, Master master) {
        String msp = master.mspId();
        ClusterMember m = ledger.require(ClusterKeys.member(ledger, msp, master.memberId()), ClusterMember.class,
                "member " + master.memberId());
        String now = ledger.txTime().toString();
        ClusterMember demoted = new ClusterMember(msp, m.memberId(), m.identity(), m.priority(), m.address(), false,
                m.enrolledBy(), m.enrolledAt(), m.txId());
        ledger.put(ClusterKeys.member(ledger, msp, m.memberId()), demoted);
        ledger.put(ClusterKeys.master(ledger, msp), new Master(msp, master.cluster(), null, null, null,
                master.epoch() + 1, now, ledger.txId()));
        ledger.put(ClusterKeys.errors(ledger, msp), new Count(msp, now, List.of()));
        return demoted;
    }
}
