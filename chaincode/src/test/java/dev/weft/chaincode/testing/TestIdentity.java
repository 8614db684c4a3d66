package dev.weft.chaincode.testing;

import com.google.protobuf.ByteString;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;

/**
 * A signing identity as a Fabric MSP would issue it: an X.509 certificate whose
 * OU carries the NodeOU role, serialised as the transaction creator.
 */
public record TestIdentity(String mspId, String name, String role, byte[] creator) {
    private static final AtomicLong SERIAL = new AtomicLong(1);

    public static TestIdentity client(String mspId, String name) {
        return create(mspId, name, "client");
    }

    public static TestIdentity admin(String mspId) {
        return create(mspId, "Admin@" + mspId, "admin");
    }

    public static TestIdentity create(String mspId, String name, String role) {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keys = gen.generateKeyPair();
            X500Name subject = new X500Name("CN=" + name + ",OU=" + role + ",O=" + mspId);
            X500Name issuer = new X500Name("CN=ca." + mspId + ",O=" + mspId);
            long now = System.currentTimeMillis();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                    BigInteger.valueOf(SERIAL.getAndIncrement()), new Date(now - 60_000),
                    new Date(now + 86_400_000L), subject, keys.getPublic());
            var cert = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
            StringWriter pem = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
                writer.writeObject(cert);
            }
            byte[] creator = SerializedIdentity.newBuilder()
                    .setMspid(mspId)
                    .setIdBytes(ByteString.copyFromUtf8(pem.toString()))
                    .build().toByteArray();
            return new TestIdentity(mspId, name, role, creator);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create test identity", e);
        }
    }
}
