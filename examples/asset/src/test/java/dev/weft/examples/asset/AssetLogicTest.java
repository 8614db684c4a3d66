package dev.weft.examples.asset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AssetLogicTest {
    private static final Tx TX = new Tx("tx1", "2026-01-01T00:00:00Z", "Org2MSP");

    @Test
    @DisplayName("S2.7 ASSET_VERSION picks the version once: unset or 1 is v1, 2 is v2, anything else stops the server")
    void versionSelection() {
        assertThat(AssetLogic.forVersion(null).version()).isEqualTo("1");
        assertThat(AssetLogic.forVersion("").version()).isEqualTo("1");
        assertThat(AssetLogic.forVersion("1").version()).isEqualTo("1");
        assertThat(AssetLogic.forVersion(" 2 ").version()).isEqualTo("2");
        assertThatThrownBy(() -> AssetLogic.forVersion("3")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("S2.7 v1 and v2 differ observably: v2 says version 2 and records when and by whom")
    void versionsDiffer() {
        Asset one = new AssetLogicV1().create("a1", "alice", 10, TX);
        Asset two = new AssetLogicV2().create("a1", "alice", 10, TX);
        assertThat(one.toJson()).isEqualTo("{\"id\":\"a1\",\"owner\":\"alice\",\"value\":10,\"version\":\"1\"}");
        assertThat(two.toJson()).isEqualTo("{\"id\":\"a1\",\"owner\":\"alice\",\"updatedAt\":\"2026-01-01T00:00:00Z\","
                + "\"updatedBy\":\"Org2MSP\",\"value\":10,\"version\":\"2\"}");
        Tx later = new Tx("tx2", "2026-01-02T00:00:00Z", "Org3MSP");
        assertThat(new AssetLogicV2().transfer(two, "bob", later))
                .isEqualTo(new Asset("a1", "bob", 10, "2", "2026-01-02T00:00:00Z", "Org3MSP"));
        assertThat(new AssetLogicV1().transfer(one, "bob", later)).isEqualTo(new Asset("a1", "bob", 10, "1", null, null));
        assertThat(Asset.fromJson(two.toJson().getBytes())).isEqualTo(two);
    }
}
