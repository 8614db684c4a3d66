package dev.weft.gateway.it;

import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.governance.QualifiedId;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.peer.ProcessedTransaction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * A committed transaction as a peer's ledger ({@code qscc}) holds it: whether the block marked it
 * valid, and whose identity signed it.
 *
 * <pre>{@code
 * String signer = TransactionCheck.validCreator(org2Client, txId);   // "Org1MSP/x509::…" of a VALID transaction
 * }</pre>
 */
final class TransactionCheck {
    private TransactionCheck() {
    }

    /** The qualified ID of the transaction's creator; AssertionError when the ledger holds it as not VALID. */
    static String validCreator(ChainClient chain, String transactionId) throws Exception {
        byte[] raw = chain.network().getContract("qscc").evaluateTransaction("GetTransactionByID",
                chain.config().channel(), transactionId);
        ProcessedTransaction processed = ProcessedTransaction.parseFrom(raw);
        if (processed.getValidationCode() != TxValidationCode.VALID_VALUE) {
            throw new AssertionError("transaction " + transactionId + " is "
                    + TxValidationCode.forNumber(processed.getValidationCode()) + " on the ledger");
        }
        Payload payload = Payload.parseFrom(processed.getTransactionEnvelope().getPayload());
        SerializedIdentity creator = SerializedIdentity.parseFrom(
                SignatureHeader.parseFrom(payload.getHeader().getSignatureHeader()).getCreator());
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(creator.getIdBytes().toByteArray()));
        return QualifiedId.of(creator.getMspid(), cert);
    }
}
