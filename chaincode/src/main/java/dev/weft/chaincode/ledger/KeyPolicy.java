package dev.weft.chaincode.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hyperledger.fabric.protos.common.MSPPrincipal;
import org.hyperledger.fabric.protos.common.MSPRole;
import org.hyperledger.fabric.protos.common.SignaturePolicy;
import org.hyperledger.fabric.protos.common.SignaturePolicyEnvelope;

/**
 * The key-level (state-based) endorsement policy of a fact one organisation
 * owns — its result, failure report, vote or confirmation: a peer of the
 * owner <em>and</em> peers of a majority of the member organisations. Under the
 * channel's MAJORITY policy alone, any two of three organisations could endorse
 * a rewrite of the third's fact; with this policy on the key they cannot, and
 * the owner cannot rewrite it alone either.
 *
 * <p>The shim's {@code StateBasedEndorsement} only builds "every listed
 * organisation"; "owner and a majority" needs a nested NOutOf, so the policy
 * is built from Fabric's protos here.
 *
 * <pre>{@code OutOf(2, 'Org3MSP.peer', OutOf(1, 'Org1MSP.peer', 'Org2MSP.peer'))}   (three members)</pre>
 */
public final class KeyPolicy {
    private KeyPolicy() {
    }

    /** The serialised {@code SignaturePolicyEnvelope} for a fact of {@code owner} among {@code members}. */
    public static byte[] ownedBy(String owner, Set<String> members) {
        List<String> orgs = new ArrayList<>(new TreeSet<>(members));
        int ownerIndex = orgs.indexOf(owner);
        if (ownerIndex < 0) {
            throw WeftException.of(ErrorCode.FORBIDDEN, "%s is not a member organisation", owner);
        }
        // Owner and a majority = owner and (majority - 1) of the others; each organisation appears once, as
        // discovery needs to plan endorsements (a principal named twice would ask for two of its peers).
        SignaturePolicyEnvelope.Builder envelope = SignaturePolicyEnvelope.newBuilder().setVersion(0);
        SignaturePolicy.NOutOf.Builder others = SignaturePolicy.NOutOf.newBuilder().setN(orgs.size() / 2);
        for (int i = 0; i < orgs.size(); i++) {
            envelope.addIdentities(MSPPrincipal.newBuilder()
                    .setPrincipalClassification(MSPPrincipal.Classification.ROLE)
                    .setPrincipal(MSPRole.newBuilder().setMspIdentifier(orgs.get(i))
                            .setRole(MSPRole.MSPRoleType.PEER).build().toByteString()));
            if (i != ownerIndex) {
                others.addRules(signedBy(i));
            }
        }
        SignaturePolicy.NOutOf.Builder rule = SignaturePolicy.NOutOf.newBuilder().addRules(signedBy(ownerIndex));
        if (others.getN() > 0) {
            rule.addRules(SignaturePolicy.newBuilder().setNOutOf(others));
        }
        rule.setN(rule.getRulesCount());
        return envelope.setRule(SignaturePolicy.newBuilder().setNOutOf(rule)).build().toByteArray();
    }

    private static SignaturePolicy signedBy(int index) {
        return SignaturePolicy.newBuilder().setSignedBy(index).build();
    }
}
