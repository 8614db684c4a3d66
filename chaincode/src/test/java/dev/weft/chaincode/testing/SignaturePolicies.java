package dev.weft.chaincode.testing;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.List;
import java.util.Set;
import org.hyperledger.fabric.protos.common.MSPPrincipal;
import org.hyperledger.fabric.protos.common.MSPRole;
import org.hyperledger.fabric.protos.common.SignaturePolicy;
import org.hyperledger.fabric.protos.common.SignaturePolicyEnvelope;

/**
 * Evaluates a signature policy (as key-level endorsement policies are stored)
 * against the organisations whose peers endorsed, the way a validating peer
 * does for role principals: SignedBy names an organisation's peer, NOutOf
 * needs n of its rules.
 */
final class SignaturePolicies {
    private SignaturePolicies() {
    }

    static boolean satisfiedBy(byte[] envelope, Set<String> endorsingMsps) {
        try {
            SignaturePolicyEnvelope e = SignaturePolicyEnvelope.parseFrom(envelope);
            return eval(e.getRule(), e.getIdentitiesList(), endorsingMsps);
        } catch (InvalidProtocolBufferException ex) {
            throw new IllegalStateException("not a signature policy", ex);
        }
    }

    private static boolean eval(SignaturePolicy rule, List<MSPPrincipal> ids, Set<String> msps)
            throws InvalidProtocolBufferException {
        if (rule.hasSignedBy()) {
            MSPPrincipal p = ids.get(rule.getSignedBy());
            if (p.getPrincipalClassification() != MSPPrincipal.Classification.ROLE) {
                return false;
            }
            MSPRole role = MSPRole.parseFrom(p.getPrincipal());
            return role.getRole() == MSPRole.MSPRoleType.PEER && msps.contains(role.getMspIdentifier());
        }
        int met = 0;
        for (SignaturePolicy r : rule.getNOutOf().getRulesList()) {
            met += eval(r, ids, msps) ? 1 : 0;
        }
        return met >= rule.getNOutOf().getN();
    }
}
