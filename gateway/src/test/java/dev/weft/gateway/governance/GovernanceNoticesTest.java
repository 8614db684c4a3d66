package dev.weft.gateway.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GovernanceNoticesTest {
    private static final String PROPOSAL = "{\"id\":\"p1\",\"proposer\":\"Org1MSP/x509::CN=Admin@org1::CN=ca\","
            + "\"operation\":{\"type\":\"GRAY\",\"target\":\"asset\",\"params\":{\"weightBps\":1000}},"
            + "\"voters\":{\"orgs\":[\"Org1MSP\",\"Org2MSP\"],\"identities\":[\"Org3MSP/x509::CN=User3@org3::CN=ca\"]},"
            + "\"status\":\"%s\",\"deadline\":\"2030-01-01T00:00:00Z\"%s}";

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("S2.2 a vote request reaches each organisation with its own voter slots, and no other organisation")
    void voteRequestsAreAddressed() {
        String event = "{\"proposal\":" + PROPOSAL.formatted("OPEN", "") + ",\"voters\":[\"org:Org1MSP\","
                + "\"org:Org2MSP\",\"id:Org3MSP/x509::CN=User3@org3::CN=ca\"]}";
        var org2 = GovernanceNotices.interpret("Org2MSP", Governance.VOTE_REQUESTED, bytes(event), 7, "tx");
        assertThat(org2).hasValueSatisfying(n -> {
            assertThat(n.kind()).isEqualTo(GovernanceNotices.Kind.VOTE_REQUESTED);
            assertThat(n.slots()).containsExactly("org:Org2MSP");
            assertThat(n.proposalId()).isEqualTo("p1");
            assertThat(n.describe()).contains("vote requested on proposal p1: GRAY asset").contains("org:Org2MSP")
                    .contains("proposed by Org1MSP:Admin@org1,");
        });
        assertThat(GovernanceNotices.interpret("Org3MSP", Governance.VOTE_REQUESTED, bytes(event), 7, "tx"))
                .hasValueSatisfying(n -> {
                    assertThat(n.slots()).containsExactly("id:Org3MSP/x509::CN=User3@org3::CN=ca");
                    assertThat(n.describe()).endsWith("your voter slots: id:Org3MSP:User3@org3");
                });
        assertThat(GovernanceNotices.interpret("Org4MSP", Governance.VOTE_REQUESTED, bytes(event), 7, "tx")).isEmpty();
    }

    @Test
    @DisplayName("S2.6 the decision is pushed back to the proposer's and the voters' organisations")
    void decisionsArePushedBack() {
        String decided = "{\"proposal\":" + PROPOSAL.formatted("PASSED", ",\"decision\":{\"outcome\":\"PASSED\","
                + "\"reason\":\"passed: 2 of 3\"}") + ",\"grant\":{\"id\":\"p1\"}}";
        assertThat(GovernanceNotices.interpret("Org1MSP", Governance.DECIDED, bytes(decided), 9, "tx"))
                .hasValueSatisfying(n -> assertThat(n.describe()).isEqualTo("proposal p1 (GRAY asset) PASSED: "
                        + "passed: 2 of 3"));
        assertThat(GovernanceNotices.interpret("Org3MSP", Governance.DECIDED, bytes(decided), 9, "tx")).isPresent();
        assertThat(GovernanceNotices.interpret("Org5MSP", Governance.DECIDED, bytes(decided), 9, "tx")).isEmpty();
        assertThat(GovernanceNotices.interpret("Org1MSP", "weft.task", bytes("{}"), 9, "tx")).isEmpty();
        assertThat(GovernanceNotices.interpret("Org1MSP", Governance.VOTED, bytes("{\"proposalId\":\"p1\"}"), 9, "tx"))
                .isEmpty();
    }

    @Test
    @DisplayName("S2.6 identities print short: MSP and common name")
    void shortNames() {
        assertThat(ProposalViews.who("Org1MSP/x509::CN=Admin@org1.example.com,OU=admin,L=SF::CN=ca.org1"))
                .isEqualTo("Org1MSP:Admin@org1.example.com");
        assertThat(ProposalViews.who("Org1MSP/x509::CN=User1::CN=ca")).isEqualTo("Org1MSP:User1");
        assertThat(ProposalViews.slot("id:Org2MSP/x509::CN=User3, OU=client::CN=ca")).isEqualTo("id:Org2MSP:User3");
        assertThat(ProposalViews.slot("org:Org2MSP")).isEqualTo("org:Org2MSP");
    }
}
