package dev.weft.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.gateway.engine.TestCertificates;
import dev.weft.gateway.transport.TlsMaterial;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("S4.4 member-to-member keepalives over mutual TLS")
class PeerKeepalivesTest {
    @TempDir
    Path dir;

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static PeerKeepalives.Row row(String msp, String cluster, String member, int priority, int port) {
        return new PeerKeepalives.Row(msp, cluster, member, priority, "127.0.0.1:" + port, "ORDINARY", 1);
    }

    private static void awaitHeard(PeerKeepalives p, String member) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!p.heard().containsKey(member) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    @Test
    @DisplayName("S4.4 two members of one organisation hear each other's rows (priority, address, role, epoch) "
            + "and age them on their own clocks")
    void membersHearEachOther() throws Exception {
        TestCertificates org1 = TestCertificates.issue(dir.resolve("org1"), "org1");
        int pa = freePort();
        int pb = freePort();
        TlsMaterial a = org1.identity("a");
        TlsMaterial b = org1.identity("b");
        try (PeerKeepalives ka = PeerKeepalives.start(() -> row("Org1MSP", "org1", "a", 30, pa), pa,
                List.of("127.0.0.1:" + pb), a, Duration.ofMillis(200), System::nanoTime);
                PeerKeepalives kb = PeerKeepalives.start(() -> row("Org1MSP", "org1", "b", 20, pb), pb,
                        List.of("127.0.0.1:" + pa), b, Duration.ofMillis(200), System::nanoTime)) {
            awaitHeard(ka, "b");
            awaitHeard(kb, "a");
            assertThat(ka.heard().get("b").row().priority()).isEqualTo(20);
            assertThat(kb.heard().get("a").row().address()).isEqualTo("127.0.0.1:" + pa);
            Instant now = Instant.now();
            assertThat(ka.heardAt(now).get("b")).isBeforeOrEqualTo(now).isAfter(now.minusSeconds(5));
        }
    }

    @Test
    @DisplayName("S4.4 a member whose certificate another organisation's CA issued is neither heard nor answered; "
            + "a row of another cluster is refused")
    void otherOrganisationIsRefused() throws Exception {
        TestCertificates org1 = TestCertificates.issue(dir.resolve("org1"), "org1");
        TestCertificates org2 = TestCertificates.issue(dir.resolve("org2"), "org2");
        int pa = freePort();
        int px = freePort();
        int py = freePort();
        try (PeerKeepalives ka = PeerKeepalives.start(() -> row("Org1MSP", "org1", "a", 30, pa), pa,
                List.of("127.0.0.1:" + px), org1.identity("a"), Duration.ofMillis(200), System::nanoTime);
                PeerKeepalives stranger = PeerKeepalives.start(() -> row("Org1MSP", "org1", "x", 99, px), px,
                        List.of("127.0.0.1:" + pa), org2.identity("x"), Duration.ofMillis(200), System::nanoTime);
                PeerKeepalives otherCluster = PeerKeepalives.start(() -> row("Org1MSP", "other", "y", 99, py), py,
                        List.of("127.0.0.1:" + pa), org1.identity("y"), Duration.ofMillis(200), System::nanoTime)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (ka.refused() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(1_000);
            assertThat(ka.refused()).as("the other cluster's row").isPositive();
            assertThat(ka.heard()).doesNotContainKeys("x", "y");
            assertThat(stranger.heard()).as("the TLS handshake with a stranger fails both ways").isEmpty();
        }
    }
}
