package dev.weft.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second, separate network on its own base port and run folder: `up` is
 * idempotent, `status` sees every process, and `down` leaves no process and
 * no listening port behind.
 */
class NetworkLifecycleIT {
    private static final int BASE = 29050;

    @Test
    void upIsIdempotentAndDownLeavesNoProcessOrPortBehind(@TempDir Path runDir) throws Exception {
        Map<String, String> env = Map.of("WEFT_BASE_PORT", Integer.toString(BASE),
                "WEFT_RUN_DIR", runDir.resolve("run").toString());
        try {
            run(env, "up").orThrow();
            RealNetwork.Result again = run(env, "up").orThrow();
            assertThat(again.output()).doesNotContain("starting");
            RealNetwork.Result status = run(env, "status");
            assertThat(status.exitCode()).as(status.output()).isZero();
            assertThat(status.output()).contains("orderer").contains("peer0.org1").contains("peer1.org1")
                    .contains("peer0.org2").contains("peer0.org3").doesNotContain("DEAD");
            assertThat(listening()).isNotEmpty();
            List<Long> pids = new ArrayList<>();
            try (var files = Files.list(runDir.resolve("run/pids"))) {
                for (Path f : files.toList()) {
                    pids.add(Long.parseLong(Files.readString(f).trim()));
                }
            }
            assertThat(pids).hasSize(5);

            run(env, "down").orThrow();
            assertThat(listening()).as("ports still listening").isEmpty();
            for (long pid : pids) {
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                        .as("process " + pid + " alive").isFalse();
            }
            assertThat(runDir.resolve("run")).doesNotExist();
        } finally {
            run(env, "down");
        }
    }

    @Test
    void aBusyPortFailsUpAtOnceNamingThePortAndStartsNothing(@TempDir Path runDir) throws Exception {
        int base = BASE + 200;
        int peer1 = base + 20; // peer1.org1's listen port
        Map<String, String> env = Map.of("WEFT_BASE_PORT", Integer.toString(base),
                "WEFT_RUN_DIR", runDir.resolve("run").toString());
        try (ServerSocket squatter = new ServerSocket(peer1, 1, java.net.InetAddress.getLoopbackAddress())) {
            RealNetwork.Result up = run(env, "up");
            assertThat(up.exitCode()).as(up.output()).isNotZero();
            assertThat(up.output()).contains("port " + peer1 + " (for peer1.org1) is already in use")
                    .contains("WEFT_BASE_PORT").doesNotContain("starting");
            assertThat(runDir.resolve("run/pids")).doesNotExist();
        } finally {
            run(env, "down");
        }
    }

    private static RealNetwork.Result run(Map<String, String> env, String command) {
        return RealNetwork.run(List.of(RealNetwork.repo().resolve("test-network.sh").toString(), command), env);
    }

    private static List<Integer> listening() {
        List<Integer> busy = new ArrayList<>();
        for (int port = BASE; port < BASE + 100; port++) {
            try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                s.setReuseAddress(true);
            } catch (IOException inUse) {
                busy.add(port);
            }
        }
        return busy;
    }
}
