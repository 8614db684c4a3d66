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
 * <pre>{@code OutOf(2, 'Org3MSP.peer', OutOf(2, 'Org1MSP.peer', 'Org2MSP.peer', 'Org3MSP.peer'))}</pre>
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
        SignaturePolicyEnvelope.Builder envelope = SignaturePolicyEnvelope.newBuilder().setVersion(0);
        SignaturePolicy.NOutOf.Builder majority = SignaturePolicy.NOutOf.newBuilder().setN(orgs.size() / 2 + 1);
        for (int i = 0; i < orgs.size(); i++) {
            envelope.addIdentities(MSPPrincipal.newBuilder()
                    .setPrincipalClassification(MSPPrincipal.Classification.ROLE)
                    .setPrincipal(MSPRole.newBuilder().setMspIdentifier(orgs.get(i))
                            .setRole(MSPRole.MSPRoleType.PEER).build().toByteString()));
            majority.addRules(signedBy(i));
        }
        SignaturePolicy rule = SignaturePolicy.newBuilder().setNOutOf(SignaturePolicy.NOutOf.newBuilder().setN(2)
                .addRules(signedBy(ownerIndex)).addRules(SignaturePolicy.newBuilder().setNOutOf(majority))).build();
        return envelope.setRule(rule).build().toByteArray();
    }

    private static SignaturePolicy signedBy(int index) {
        return SignaturePolicy.newBuilder().setSignedBy(index).build();
    }
}
