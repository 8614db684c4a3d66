package dev.weft.gateway.chain;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.security.InvalidKeyException;
import java.security.cert.CertificateException;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.Signer;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.client.identity.X509Identity;

/** The Fabric identity and signer of a connection, read from its certificate and key files. */
final class ClientIdentity {
    private ClientIdentity() {
    }

    static X509Identity identity(ConnectionConfig config) throws IOException, CertificateException {
        try (Reader certIn = Files.newBufferedReader(config.certificate())) {
            return new X509Identity(config.mspId(), Identities.readX509Certificate(certIn));
        }
    }

    static Signer signer(ConnectionConfig config) throws IOException, InvalidKeyException {
        try (Reader keyIn = Files.newBufferedReader(config.privateKey())) {
            return Signers.newPrivateKeySigner(Identities.readPrivateKey(keyIn));
        }
    }
}
