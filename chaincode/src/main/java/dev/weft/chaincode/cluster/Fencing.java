package dev.weft.chaincode.cluster;

import dev.weft.chaincode.ledger.Caller;
import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.Ledger;
import dev.weft.chaincode.ledger.WeftException;

/**
 * Fencing by epoch (issue 11 item 2): once an organisation has a cluster, the
 * writes its gateway makes for it are accepted only from the cluster's current
 * master, at the epoch the master passes in the proposal's transient field
 * {@value #EPOCH_FIELD}. The check reads the master key, so an Update committed
 * in the same block or earlier invalidates the write at commit (MVCC): a deposed
 * master never lands a result, even one it was endorsing while it was replaced.
 * Organisations without a cluster are not fenced.
 *
 * <pre>{@code
 * Caller caller = ledger.caller();
 * Fencing.requireMaster(ledger, caller);   // before any write for caller.mspId()
 * }</pre>
 */
public final class Fencing {
    /** The transient field that carries the master epoch the gateway believes in, as decimal text. */
    public static final String EPOCH_FIELD = "weft.epoch";

    private Fencing() {
    }

    public static void requireMaster(Ledger ledger, Caller caller) {
        Master master = ledger.get(ClusterKeys.master(ledger, caller.mspId()), Master.class).orElse(null);
        if (master == null) {
            return;
        }
        if (!master.hasMaster()) {
            throw WeftException.of(ErrorCode.NOT_MASTER,
                    "%s has a gateway cluster without a master at epoch %d: a member registers first",
                    caller.mspId(), master.epoch());
        }
        if (!master.identity().equals(caller.qualifiedId())) {
            throw WeftException.of(ErrorCode.NOT_MASTER,
                    "only the master of the cluster of %s (member %s, epoch %d) writes for it",
                    caller.mspId(), master.memberId(), master.epoch());
        }
        String epoch = ledger.transientText(EPOCH_FIELD).orElse("");
        if (!epoch.equals(Long.toString(master.epoch()))) {
            throw WeftException.of(ErrorCode.STALE_EPOCH, "the master epoch of %s is %d, the write carries %s",
                    caller.mspId(), master.epoch(), epoch.isEmpty() ? "none" : epoch);
        }
    }
}
