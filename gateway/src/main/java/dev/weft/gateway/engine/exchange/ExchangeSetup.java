package dev.weft.gateway.engine.exchange;

import dev.weft.gateway.transport.TlsMaterial;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An organisation's exchange as {@code weft engine serve --exchange-port} runs it: the hub,
 * its port, its item stream ({@link StreamPort}, on {@code --exchange-stream-port}), and the
 * engine's exchange secret (what collaborative units derive their private
 * randomness from, kept in a file of the engine's own, created on first start, owner-only).
 */
public record ExchangeSetup(ExchangeHub hub, ExchangePort port, StreamPort stream, byte[] secret,
        ScheduledExecutorService timer) implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExchangeSetup.class);

    public ExchangeSetup {
        secret = secret.clone();
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    /** Starts the hub and its port for {@code self}; the setup owns {@code timer} and stops it on close. */
    public static ExchangeSetup start(String self, String bindHost, int port, TlsMaterial tls, ExchangeTrust trust,
            Path secretFile, ScheduledExecutorService timer, Duration lifetime) {
        return start(self, bindHost, port, tls, trust, secretFile, timer, lifetime, ExchangeHub.Options.STANDARD);
    }

    /** As above, with the hub's links, formats and inline limit; the item stream on any free port. */
    public static ExchangeSetup start(String self, String bindHost, int port, TlsMaterial tls, ExchangeTrust trust,
            Path secretFile, ScheduledExecutorService timer, Duration lifetime, ExchangeHub.Options options) {
        return start(self, bindHost, port, 0, tls, trust, secretFile, timer, lifetime, options);
    }

    /** As above, the item stream on {@code streamPort} (0: any free port). */
    public static ExchangeSetup start(String self, String bindHost, int port, int streamPort, TlsMaterial tls,
            ExchangeTrust trust, Path secretFile, ScheduledExecutorService timer, Duration lifetime,
            ExchangeHub.Options options) {
        byte[] secret = secret(secretFile);
        ExchangeHub hub = new ExchangeHub(self, ExchangePort.clientCredentials(tls, trust), timer, Clock.systemUTC(),
                lifetime, options);
        ExchangePort exchange = null;
        try {
            exchange = ExchangePort.start(bindHost, port, tls, trust, hub);
            StreamPort stream = StreamPort.start(bindHost, streamPort, tls, trust, hub);
            return new ExchangeSetup(hub, exchange, stream, secret, timer);
        } catch (RuntimeException e) {
            if (exchange != null) {
                exchange.close();
            }
            hub.close();
            throw e;
        }
    }

    /**
     * This setup, its hub keeping the large results it serves by digest in {@code folder} too, and serving
     * again those a previous run of the engine kept there whose lifetime has not ended.
     */
    public ExchangeSetup keepingResultsIn(Path folder) {
        return restoring(() -> Results.restore(hub, ResultShelf.open(folder, Clock.systemUTC())),
                "large result(s) served again", folder);
    }

    /**
     * This setup, its hub keeping the items its sessions take in {@code folder} before it acknowledges them,
     * and giving those a previous run of the engine kept there to the sessions of their attempts.
     */
    public ExchangeSetup keepingReceivedIn(Path folder) {
        return restoring(() -> hub.keepReceived(ReceivedShelf.open(folder, Clock.systemUTC())),
                "received item(s) waiting for their attempts", folder);
    }

    /** This setup once {@code restore} ran (logging how many of {@code what} it restored); closed if it fails. */
    private ExchangeSetup restoring(java.util.function.IntSupplier restore, String what, Path folder) {
        try {
            int restored = restore.getAsInt();
            if (restored > 0) {
                LOG.info("{}: {} {} from {}", hub.self(), restored, what, folder);
            }
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The 32-byte secret in {@code file}, created (owner read/write only) when the file does not exist. */
    static byte[] secret(Path file) {
        try {
            if (Files.exists(file)) {
                byte[] bytes = Files.readAllBytes(file);
                if (bytes.length < 32) {
                    throw new IllegalArgumentException("exchange secret " + file + " is shorter than 32 bytes");
                }
                return bytes;
            }
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(Files.createFile(file, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------"))), fresh);
            return fresh;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the exchange secret " + file, e);
        }
    }

    @Override
    public void close() {
        stream.close();
        port.close();
        hub.close();
        timer.shutdownNow();
    }
}
