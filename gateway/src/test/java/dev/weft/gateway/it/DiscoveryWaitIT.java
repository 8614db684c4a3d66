package dev.weft.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.ChainException;
import dev.weft.gateway.chain.Profile;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 8: the first command after {@code deploy} must not fail with "no combination
 * of peers can be derived". Deploy returns only once every peer's discovery has an
 * endorsement plan; a client that meets a peer without one waits a bounded time
 * and then says what it waited for.
 */
@ExtendWith(RealNetwork.class)
class DiscoveryWaitIT {

    @Test
    @DisplayName("issue 8: right after deploy, a submission through every peer of every organisation succeeds")
    void submitAtOnceAfterDeploy() {
        RealNetwork.Result deploy = RealNetwork.script("deploy").orThrow();
        assertThat(deploy.output()).contains("waiting until every peer's discovery can plan endorsements");
        for (String org : List.of("org1", "org2", "org3")) {
            Profile profile = RealNetwork.profile(org);
            for (int i = 0; i < profile.peers().size(); i++) {
                try (ChainClient chain = ChainClient.connect(profile.connection("User1", i))) {
                    assertThat(chain.submit("system:Ping", "after-deploy").transactionId()).isNotBlank();
                    assertThat(chain.submit(new ChainClient.Target("asset_v1", List.of()),
                            "org.hyperledger.fabric:GetMetadata").result()).isNotEmpty();
                }
            }
        }
    }

    @Test
    @DisplayName("issue 8: without an endorsement plan the client gives up after a bounded wait, saying what for")
    void noPlanGivesUpNamingWhatItWaitedFor() {
        try (ChainClient chain = RealNetwork.client("org2", "User1")) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> chain.awaitEndorsementPlan("not-deployed", Duration.ofSeconds(2)))
                    .isInstanceOfSatisfying(ChainException.class, e -> {
                        assertThat(e.code()).isEqualTo(ChainException.NO_ENDORSEMENT_PLAN);
                        assertThat(e.getMessage()).contains("gave up after").contains("not-deployed")
                                .contains(chain.config().peerEndpoint()).contains("endorsement policy");
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofSeconds(2),
                    Duration.ofSeconds(20));
            assertThat(chain.awaitEndorsementPlan("weft", Duration.ofSeconds(10))).isLessThan(Duration.ofSeconds(10));
        }
    }
}
