package dev.weft.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.gateway.governance.GovernanceNotices;
import dev.weft.proto.gateway.v1.Notice;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("S2.6 a user's notice stream carries the vote requests for the slots that user may vote in")
class NoticeFeedTest {
    private static final String USER1 = "Org2MSP/x509::CN=User1@org2.example.com, OU=client, L=San Francisco, "
            + "ST=California, C=US::CN=ca.org2.example.com, O=org2.example.com, L=San Francisco, ST=California, C=US";
    private static final String ADMIN = "Org2MSP/x509::CN=Admin@org2.example.com, OU=admin, L=San Francisco, "
            + "ST=California, C=US::CN=ca.org2.example.com, O=org2.example.com, L=San Francisco, ST=California, C=US";
    private static final String USER2 = USER1.replace("User1", "User2");
    private final NoticeFeed feed = new NoticeFeed(() -> null, "Org2MSP");

    private static GovernanceNotices.Notice request(List<String> slots) throws Exception {
        JsonNode proposal = new ObjectMapper().readTree("{\"id\":\"p1\",\"operation\":{\"type\":\"SWITCH\","
                + "\"target\":\"r\"},\"proposer\":\"Org1MSP/x509::CN=Admin@org1.example.com\",\"deadline\":\"x\"}");
        return new GovernanceNotices.Notice(GovernanceNotices.Kind.VOTE_REQUESTED, "p1", proposal, slots, null, 7, "tx7");
    }

    @Test
    @DisplayName("a named voter gets only its own slot; another user of the organisation gets nothing")
    void namedVoter() throws Exception {
        GovernanceNotices.Notice n = request(List.of("org:Org2MSP", "id:" + USER1));
        Optional<Notice> mine = feed.narrow(n, USER1);
        assertThat(mine).isPresent();
        assertThat(mine.get().getSlotsList()).containsExactly("id:" + USER1);
        assertThat(mine.get().getBlock()).isEqualTo(7);
        assertThat(mine.get().getTransactionId()).isEqualTo("tx7");
        assertThat(feed.narrow(n, USER2)).isEmpty();
    }

    @Test
    @DisplayName("an admin gets the organisation's slot; the organisation-wide stream gets every slot")
    void adminAndOrganisation() throws Exception {
        GovernanceNotices.Notice n = request(List.of("org:Org2MSP", "id:" + USER1));
        assertThat(feed.narrow(n, ADMIN).orElseThrow().getSlotsList()).containsExactly("org:Org2MSP");
        assertThat(feed.narrow(n, "").orElseThrow().getSlotsList()).containsExactly("org:Org2MSP", "id:" + USER1);
    }

    @Test
    @DisplayName("the common name of an on-chain identity is what the caller's TLS certificate must carry")
    void commonNames() {
        assertThat(TlsCaller.commonNameOfIdentity(USER1)).isEqualTo("User1@org2.example.com");
        assertThat(TlsCaller.commonNameOf("CN=Admin@org2.example.com,OU=admin,L=San Francisco"))
                .isEqualTo("Admin@org2.example.com");
        assertThat(TlsCaller.commonNameOfIdentity("garbage")).isEmpty();
    }
}
