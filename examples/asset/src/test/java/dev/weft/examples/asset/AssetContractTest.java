package dev.weft.examples.asset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AssetContractTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final InMemoryStub peer = new InMemoryStub("Org2MSP");

    private static void assertCode(String code, Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ChaincodeException.class, e -> {
            assertThat(new String(e.getPayload(), StandardCharsets.UTF_8)).isEqualTo(code);
            assertThat(e.getMessage()).startsWith(code + ": ");
        });
    }

    @Test
    @DisplayName("S2.7 version 1 creates, reads and transfers assets without the v2 fields")
    void versionOne() {
        AssetContract v1 = new AssetContract(new AssetLogicV1());
        assertThat(v1.version(peer.context(T0))).isEqualTo("{\"version\":\"1\"}");
        String created = v1.createAsset(peer.context(T0), "a1", "alice", "10");
        assertThat(created).isEqualTo("{\"id\":\"a1\",\"owner\":\"alice\",\"value\":10,\"version\":\"1\"}");
        assertThat(v1.readAsset(peer.context(T0), "a1")).isEqualTo(created);
        assertThat(v1.transferAsset(peer.context(T0), "a1", "bob")).contains("\"owner\":\"bob\"")
                .doesNotContain("updatedAt");
        assertThat(v1.assetExists(peer.context(T0), "a1")).isEqualTo("true");
        assertThat(v1.assetExists(peer.context(T0), "a2")).isEqualTo("false");
    }

    @Test
    @DisplayName("S2.7 version 2 answers version 2 and records the transaction time and the caller's organisation")
    void versionTwo() {
        AssetContract v2 = new AssetContract(new AssetLogicV2());
        assertThat(v2.version(peer.context(T0))).isEqualTo("{\"version\":\"2\"}");
        String created = v2.createAsset(peer.context(T0), "a1", "alice", "10");
        assertThat(created).contains("\"version\":\"2\"").contains("\"updatedAt\":\"2026-01-01T00:00:00Z\"")
                .contains("\"updatedBy\":\"Org2MSP\"");
        String moved = v2.transferAsset(peer.context(T0.plusSeconds(60)), "a1", "bob");
        assertThat(moved).contains("\"updatedAt\":\"2026-01-01T00:01:00Z\"");
        assertThat(v2.readAsset(peer.context(T0), "a1")).isEqualTo(moved);
    }

    @Test
    @DisplayName("S2.7 bad input and missing or duplicate assets fail with a stable code and write nothing")
    void refusals() {
        AssetContract v2 = new AssetContract(new AssetLogicV2());
        v2.createAsset(peer.context(T0), "a1", "alice", "10");
        var before = new java.util.TreeMap<>(peer.state);
        assertCode("ASSET_EXISTS", () -> v2.createAsset(peer.context(T0), "a1", "bob", "1"));
        assertCode("ASSET_NOT_FOUND", () -> v2.readAsset(peer.context(T0), "nope"));
        assertCode("ASSET_NOT_FOUND", () -> v2.transferAsset(peer.context(T0), "nope", "bob"));
        assertCode("BAD_REQUEST", () -> v2.createAsset(peer.context(T0), "a 2", "bob", "1"));
        assertCode("BAD_REQUEST", () -> v2.createAsset(peer.context(T0), "a2", "", "1"));
        assertCode("BAD_REQUEST", () -> v2.createAsset(peer.context(T0), "a2", "bob", "-1"));
        assertCode("BAD_REQUEST", () -> v2.createAsset(peer.context(T0), "a2", "bob", "ten"));
        assertCode("BAD_REQUEST", () -> v2.transferAsset(peer.context(T0), "a1", "x".repeat(200)));
        assertThat(peer.state).isEqualTo(before);
        AssetContract misconfigured = new AssetContract(null);
        assertCode("MISCONFIGURED", () -> misconfigured.version(peer.context(T0)));
        assertCode("MISCONFIGURED", () -> misconfigured.createAsset(peer.context(T0), "a9", "x", "1"));
    }
}
