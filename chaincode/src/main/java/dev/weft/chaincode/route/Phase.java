package dev.weft.chaincode.route;

/**
 * Where a rollout stands, and so which version each traffic class reaches:
 *
 * <pre>
 * phase        TEST  GRAY  PRODUCTION   reached by
 * STABLE       old   old   old          FINALIZE (or a route's start)
 * PRE_RELEASE  new   old   old          PRE_RELEASE from STABLE / ROLLED_BACK / nothing
 * GRAY         new   new   old          GRAY from PRE_RELEASE / GRAY
 * SWITCHED     new   new   new          SWITCH from PRE_RELEASE / GRAY
 * ROLLED_BACK  old   old   old          ROLLBACK (or emergency rollback) from PRE_RELEASE / GRAY / SWITCHED
 * </pre>
 */
public enum Phase {
    STABLE, PRE_RELEASE, GRAY, SWITCHED, ROLLED_BACK;

    ClassTargets targets() {
        return switch (this) {
            case STABLE, ROLLED_BACK -> new ClassTargets(ClassTargets.OLD, ClassTargets.OLD, ClassTargets.OLD);
            case PRE_RELEASE -> new ClassTargets(ClassTargets.NEW, ClassTargets.OLD, ClassTargets.OLD);
            case GRAY -> new ClassTargets(ClassTargets.NEW, ClassTargets.NEW, ClassTargets.OLD);
            case SWITCHED -> new ClassTargets(ClassTargets.NEW, ClassTargets.NEW, ClassTargets.NEW);
        };
    }

    boolean rolloutInProgress() {
        return this == PRE_RELEASE || this == GRAY || this == SWITCHED;
    }
}
