package dev.weft.gateway.governance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Text views of proposals, tallies and grants for the CLI.
 *
 * <pre>{@code
 * out.print(ProposalViews.proposal(gov.proposal(id), gov.tallyView(id), gov.findGrant(id).orElse(null)));
 * }</pre>
 */
public final class ProposalViews {
    private ProposalViews() {
    }

    /** "Org1MSP:Admin@org1.example.com" for "Org1MSP/x509::CN=Admin@org1.example.com,OU=admin,…::CN=ca…". */
    public static String who(String qualifiedId) {
        if (qualifiedId == null || qualifiedId.isEmpty()) {
            return "-";
        }
        int slash = qualifiedId.indexOf('/');
        int cn = qualifiedId.indexOf("CN=");
        if (slash < 0 || cn < 0) {
            return qualifiedId;
        }
        int end = cn + 3;
        while (end < qualifiedId.length() && qualifiedId.charAt(end) != ',' && !qualifiedId.startsWith("::", end)) {
            end++;
        }
        return qualifiedId.substring(0, slash) + ":" + qualifiedId.substring(cn + 3, end);
    }

    /** A voter slot, shortened: "org:Org1MSP" or "id:Org2MSP:User3@org2.example.com". */
    public static String slot(String slot) {
        return slot.startsWith("id:") ? "id:" + who(slot.substring(3)) : slot;
    }

    /** "GRAY asset {"weightBps":1000}" */
    public static String operation(JsonNode op) {
        JsonNode params = op.path("params");
        return op.path("type").asText() + " " + op.path("target").asText()
                + (params.isEmpty() ? "" : " " + Json.CONTRACT.write(params));
    }

    /** "yes 2, no 0, abstain 0 of 3 (quorum 2)" */
    public static String counts(JsonNode decision) {
        return String.format(Locale.ROOT, "yes %d, no %d, abstain %d of %d (quorum %d)",
                decision.path("yes").asInt(), decision.path("no").asInt(), decision.path("abstain").asInt(),
                decision.path("eligible").asInt(), decision.path("quorumVotes").asInt());
    }

    /** The proposal, its rule, decision and votes, and its grant if it has one. */
    public static String proposal(JsonNode p, JsonNode tally, JsonNode grant) {
        StringBuilder out = new StringBuilder();
        out.append("proposal ").append(p.path("id").asText()).append("  ").append(p.path("status").asText())
                .append('\n');
        Columns facts = new Columns("", "");
        facts.row("  operation", operation(p.path("operation")));
        if (!p.path("description").asText().isEmpty()) {
            facts.row("  description", p.path("description").asText());
        }
        facts.row("  proposer", who(p.path("proposer").asText()));
        facts.row("  voters", String.join(" ", voterSlots(p.path("voters")).stream().map(ProposalViews::slot)
                .toList()));
        facts.row("  rule", String.format(Locale.ROOT, "yes >= %s of yes+no, at least %d vote(s)",
                percent(p.path("thresholdBps").asInt()), p.path("quorumVotes").asInt()));
        facts.row("  open", p.path("createdAt").asText() + " .. " + p.path("deadline").asText());
        JsonNode d = tally == null ? p.path("decision") : tally.path("decision");
        if (!d.isMissingNode() && !d.isNull()) {
            facts.row("  decision", d.path("outcome").asText() + ": " + d.path("reason").asText());
        }
        if (grant != null && !grant.isMissingNode()) {
            facts.row("  grant", grant.path("status").asText() + " for " + who(grant.path("grantee").asText())
                    + " until " + grant.path("expiresAt").asText()
                    + (grant.hasNonNull("usedTx") ? ", used in " + grant.path("usedTx").asText() : ""));
        }
        out.append(facts.toString().lines().skip(1).map(l -> l + "\n").reduce("", String::concat));
        if (tally != null && !tally.path("votes").isEmpty()) {
            Columns votes = new Columns("  VOTER", "CHOICE", "BY", "TIME");
            tally.path("votes").forEach(v -> votes.row("  " + slot(v.path("voter").asText()),
                    v.path("choice").asText(), who(v.path("by").asText()), v.path("time").asText()));
            out.append(votes);
        }
        return out.toString();
    }

    /** One line per proposal. */
    public static String list(List<JsonNode> proposals) {
        Columns t = new Columns("ID", "STATUS", "OPERATION", "PROPOSER", "DEADLINE");
        proposals.forEach(p -> t.row(p.path("id").asText(), p.path("status").asText(),
                p.path("operation").path("type").asText() + " " + p.path("operation").path("target").asText(),
                who(p.path("proposer").asText()), p.path("deadline").asText()));
        return t.size() == 0 ? "no proposals\n" : t.toString();
    }

    /** "PENDING  yes 1, no 0, abstain 0 of 3 (quorum 2)" */
    public static String progress(JsonNode tally) {
        JsonNode d = tally.path("decision");
        return d.path("outcome").asText() + "  " + counts(d);
    }

    static List<String> voterSlots(JsonNode voters) {
        List<String> slots = new ArrayList<>();
        voters.path("orgs").forEach(o -> slots.add("org:" + o.asText()));
        voters.path("identities").forEach(i -> slots.add("id:" + i.asText()));
        return slots;
    }

    static String percent(int bps) {
        return String.format(Locale.ROOT, "%d.%02d%%", bps / 100, bps % 100);
    }
}
