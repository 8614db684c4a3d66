package dev.weft.examples.asset;

import com.google.protobuf.ByteString;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.TreeMap;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.CompositeKey;

/**
 * Just enough of a peer for the asset contract: a key-value state that a
 * transaction writes directly, a transaction ID and time, and a creator with
 * an X.509 certificate of the given MSP. Anything else the stub is asked fails.
 */
final class InMemoryStub {
    final Map<String, byte[]> state = new TreeMap<>();
    private final byte[] creator;
    private int tx;

    InMemoryStub(String mspId) {
        this.creator = creator(mspId);
    }

    /** A context for a new transaction at {@code time}. */
    Context context(Instant time) {
        String txId = "tx" + (++tx);
        ChaincodeStub stub = (ChaincodeStub) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ChaincodeStub.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getState" -> state.getOrDefault((String) args[0], new byte[0]);
                    case "putState" -> {
                        state.put((String) args[0], ((byte[]) args[1]).clone());
                        yield null;
                    }
                    case "createCompositeKey" -> new CompositeKey((String) args[0], (String[]) args[1]);
                    case "getTxId" -> txId;
                    case "getTxTimestamp" -> time;
                    case "getCreator" -> creator.clone();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return new Context(stub);
    }

    private static byte[] creator(String mspId) {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"));
            var keys = gen.generateKeyPair();
            long now = System.currentTimeMillis();
            var builder = new JcaX509v3CertificateBuilder(new X500Name("CN=ca," + "O=" + mspId), BigInteger.ONE,
                    new Date(now - 60_000), new Date(now + 86_400_000L),
                    new X500Name("CN=User1,OU=client,O=" + mspId), keys.getPublic());
            var cert = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
            StringWriter pem = new StringWriter();
            try (JcaPEMWriter w = new JcaPEMWriter(pem)) {
                w.writeObject(cert);
            }
            return SerializedIdentity.newBuilder().setMspid(mspId).setIdBytes(ByteString.copyFromUtf8(pem.toString()))
                    .build().toByteArray();
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a test certificate", e);
        }
    }
}
