package dev.weft.gateway.bench;

import java.time.Duration;

/**
 * What {@link FailoverBenchmark} needs from a high-availability mode: the gateway
 * instances of one organisation, a way to fault whichever of them acts now, and a way
 * to bring a faulted one back as a standby. {@code weft bench failover --mode cluster}
 * uses {@link ClusterFailoverRig}; other modes (pair mode, S3) plug in their own.
 *
 * <pre>{@code
 * try (FailoverRig rig = new ClusterFailoverRig(settings)) {
 *     rig.start();
 *     FailoverRig.Fault f = rig.fault(FailoverRig.Kind.SIGKILL);
 *     …                          // the benchmark waits for a result of another instance
 *     rig.repair(f);
 * }
 * }</pre>
 */
public interface FailoverRig extends AutoCloseable {

    /** How the acting instance is faulted. */
    enum Kind { SIGKILL, SIGSTOP }

    /**
     * One fault: which instance, signing as which qualified identity ({@code MSP/x509::…},
     * as results on chain name their submitter), how, and when ({@link System#nanoTime}).
     */
    record Fault(String instance, String identity, Kind kind, long atNanos) {
    }

    /** The mode's name as {@code --mode} takes it. */
    String mode();

    /** Starts the instances; returns once one of them acts (lands results). */
    void start() throws Exception;

    /** The qualified identity of the instance acting now, as the chain names it. */
    String actingIdentity() throws Exception;

    /** Faults the acting instance. */
    Fault fault(Kind kind) throws Exception;

    /** Brings a faulted instance back (SIGCONT, or a restart after SIGKILL); it rejoins as a standby. */
    void repair(Fault fault) throws Exception;

    /**
     * Waits until the instance repaired after {@code fault} stands by again (a relaunched
     * process has started and finished its first round as a standby; a resumed one has
     * stepped down), so the next fault meets a warm standby, as a cluster in service has.
     *
     * @return false if it did not within {@code timeout} (or its process ended)
     */
    default boolean awaitStandby(Fault fault, Duration timeout) throws InterruptedException {
        return true;
    }

    /**
     * Write attempts of deposed instances that the chain refused (NOT_MASTER, STALE_EPOCH),
     * as far as the instances report them.
     */
    long refusedFromDeposed();

    /** Whether a chaincode event is one of the mode's own on-chain keepalives. */
    boolean isKeepalive(String eventName, byte[] payload);

    /**
     * Whether a chaincode event moved the acting role to another instance; if so, the
     * identity of the new acting instance, else null.
     */
    String newActor(String eventName, byte[] payload);

    @Override
    void close();
}
