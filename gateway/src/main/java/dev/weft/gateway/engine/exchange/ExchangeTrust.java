package dev.weft.gateway.engine.exchange;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS CAs of the channel's member organisations, by MSP ID: whose certificates
 * the exchange port accepts, and which organisation a verified certificate belongs to
 * (the CA that issued it). Built from the channel configuration itself ({@link #ofPem},
 * what {@code ChannelMembers.tlsRoots} reads), or from the same certificates in files
 * ({@code MSP=file} pairs).
 *
 * <pre>{@code
 * ExchangeTrust trust = ExchangeTrust.parse("Org1MSP=/crypto/org1/tlsca.pem,Org2MSP=/crypto/org2/tlsca.pem");
 * Optional<String> msp = trust.organisationOf(peerCertificate);
 * }</pre>
 */
public final class ExchangeTrust {
    /** The member organisations' CAs and the JDK's trust manager over exactly those CAs. */
    private record Members(SortedMap<String, List<X509Certificate>> cas, X509ExtendedTrustManager manager) {
    }

    /** Replaced whole by {@link #replaceWith}: a handshake or a lookup sees one list or the other, never a mix. */
    private volatile Members members;

    private ExchangeTrust(SortedMap<String, List<X509Certificate>> cas) {
        if (cas.isEmpty()) {
            throw new IllegalArgumentException("exchange trust lists no organisation");
        }
        SortedMap<String, List<X509Certificate>> fixed = Collections.unmodifiableSortedMap(cas);
        this.members = new Members(fixed, jdkManager(fixed));
    }

    /** {@code MSP=path,MSP=path,…}: each path a PEM file with that organisation's TLS CA certificate(s). */
    public static ExchangeTrust parse(String spec) {
        SortedMap<String, Path> files = new TreeMap<>();
        for (String part : spec.split(",")) {
            String item = part.trim();
            int eq = item.indexOf('=');
            if (eq <= 0 || eq == item.length() - 1) {
                throw new IllegalArgumentException("exchange trust item '" + item + "' is not MSP=path");
            }
            files.put(item.substring(0, eq), Path.of(item.substring(eq + 1)));
        }
        return of(files);
    }

    public static ExchangeTrust of(Map<String, Path> files) {
        SortedMap<String, List<X509Certificate>> cas = new TreeMap<>();
        files.forEach((msp, file) -> cas.put(msp, read(file)));
        return new ExchangeTrust(cas);
    }

    /** MSP ID to the PEM certificates of its TLS CAs, as the channel configuration lists them. */
    public static ExchangeTrust ofPem(Map<String, ? extends List<ByteString>> pems) {
        SortedMap<String, List<X509Certificate>> cas = new TreeMap<>();
        pems.forEach((msp, certs) -> {
            List<X509Certificate> parsed = new ArrayList<>();
            for (ByteString pem : certs) {
                parsed.addAll(certificates(pem.newInput(), msp + "'s TLS CA in the channel configuration"));
            }
            cas.put(msp, parsed);
        });
        return new ExchangeTrust(cas);
    }

    /** Every member organisation's MSP ID, sorted. */
    public List<String> organisations() {
        return List.copyOf(members.cas().keySet());
    }

    /**
     * Takes {@code newer}'s organisations and CAs from now on (a channel configuration read again): the next
     * handshake of every port and client built on {@link #trustManager()}, and every later {@link #organisationOf},
     * use them. A connection already open stays open. Returns whether anything changed.
     */
    public boolean replaceWith(ExchangeTrust newer) {
        Members next = newer.members;
        Members before = members;
        members = next;
        return !before.cas().equals(next.cas());
    }

    /** The organisation whose TLS CA issued {@code certificate} (its signature verified), if any. */
    public Optional<String> organisationOf(X509Certificate certificate) {
        for (var e : members.cas().entrySet()) {
            for (X509Certificate ca : e.getValue()) {
                if (!certificate.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
                    continue;
                }
                try {
                    certificate.verify(ca.getPublicKey());
                    return Optional.of(e.getKey());
                } catch (GeneralSecurityException notThisOne) {
                    // another CA with the same name; keep looking
                }
            }
        }
        return Optional.empty();
    }

    /**
     * A trust manager that accepts certificates any member organisation's TLS CA issued, as the members are at
     * each handshake (after {@link #replaceWith}, the new ones).
     */
    public X509TrustManager trustManager() {
        return new Current();
    }

    /** Delegates every check to the trust manager of the members current at the call. */
    private final class Current extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            members.manager().checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            members.manager().checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            members.manager().checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            members.manager().checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            members.manager().checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            members.manager().checkServerTrusted(chain, authType, engine);
        }

        /**
         * None named: a TLS server builds the list of CAs it asks callers for once, when its context is built, and a
         * caller whose CA is not on it sends no certificate. With none named, every caller sends its certificate, and
         * the check above decides with the members current at that handshake.
         */
        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    private static X509ExtendedTrustManager jdkManager(SortedMap<String, List<X509Certificate>> cas) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (var e : cas.entrySet()) {
                for (X509Certificate ca : e.getValue()) {
                    store.setCertificateEntry(e.getKey() + "-" + i++, ca);
                }
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (var tm : factory.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("the JRE offers no X.509 trust manager");
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the exchange trust store", e);
        }
    }

    private static List<X509Certificate> read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return certificates(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read TLS CA " + file, e);
        }
    }

    private static List<X509Certificate> certificates(InputStream in, String what) {
        try {
            List<X509Certificate> out = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException("no certificate in " + what);
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a PEM certificate: " + what, e);
        }
    }
}
