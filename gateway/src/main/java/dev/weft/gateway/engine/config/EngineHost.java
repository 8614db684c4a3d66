package dev.weft.gateway.engine.config;

import dev.weft.engine.api.ComputeUnit;
import dev.weft.engine.api.ModuleConfigException;
import dev.weft.gateway.engine.EngineConfiguration;
import dev.weft.gateway.engine.EngineServer;
import dev.weft.gateway.engine.EngineTimer;
import dev.weft.gateway.engine.callback.CallbackServer;
import dev.weft.gateway.engine.callback.PemSsl;
import dev.weft.gateway.transport.TlsMaterial;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Starts a standard engine with the heterogeneous engines of an
 * {@link EngineFile}: one scheduler shared by the framework's timeouts and the
 * modules' polls, the HTTPS callback endpoint when the file has
 * {@code callbacks:}, one unit per entry, then the gRPC server.
 *
 * <pre>{@code
 * EngineServer server = EngineHost.start(configuration, EngineFile.load(Path.of("engine.yaml")));
 * }</pre>
 */
public final class EngineHost {
    private EngineHost() {
    }

    public static EngineServer start(EngineConfiguration config, EngineFile file) {
        return start(config, file, dev.weft.gateway.metrics.Metrics.none());
    }

    /** As {@link #start(EngineConfiguration, EngineFile)}, with the engine's meters in {@code meters}. */
    public static EngineServer start(EngineConfiguration config, EngineFile file,
            io.micrometer.core.instrument.MeterRegistry meters) {
        return start(config, file, meters, null);
    }

    /** As {@link #start(EngineConfiguration, EngineFile, io.micrometer.core.instrument.MeterRegistry)}, with the
     * organisation's exchange (S1.10) when {@code exchange} is not null. */
    public static EngineServer start(EngineConfiguration config, EngineFile file,
            io.micrometer.core.instrument.MeterRegistry meters, dev.weft.gateway.engine.exchange.ExchangeSetup exchange) {
        ScheduledExecutorService timer = EngineTimer.create("weft-engine-" + config.name());
        CallbackServer callbacks = null;
        try {
            callbacks = callbacks(file, config.tls());
            List<ComputeUnit> units = ModuleRegistry.discover().units(file, timer, callbacks);
            List<AutoCloseable> owned = new ArrayList<>();
            if (callbacks != null) {
                owned.add(callbacks);
            }
            owned.add(timer::shutdownNow);
            for (ComputeUnit unit : units) {
                if (unit instanceof AutoCloseable closeable) {
                    owned.add(closeable); // the units of the file are the host's: pools, channels
                }
            }
            EngineServer.Extensions extensions = new EngineServer.Extensions(units, timer, owned);
            return EngineServer.start(config, exchange == null ? extensions : extensions.withExchange(exchange), meters);
        } catch (RuntimeException e) {
            if (callbacks != null) {
                callbacks.close();
            }
            timer.shutdownNow();
            throw e;
        }
    }

    /** The callback endpoint the file asks for, or null. */
    public static CallbackServer callbacks(EngineFile file, TlsMaterial engineTls) {
        EngineFile.CallbackSettings c = file.settings().callbacks();
        if (c == null) {
            return null;
        }
        Path cert;
        Path key;
        Path ca;
        if (c.tls() != null) {
            cert = file.resolve(c.tls().cert());
            key = file.resolve(c.tls().key());
            ca = file.resolve(c.tls().ca());
        } else if (engineTls != null) {
            cert = engineTls.certificate();
            key = engineTls.privateKey();
            ca = engineTls.trustedCa();
        } else {
            throw new ModuleConfigException("callbacks: the endpoint uses TLS; give callbacks.tls {cert, key, ca} "
                    + "or the engine's own TLS identity (profile, tls)");
        }
        String auth = c.clientAuth() == null ? "required" : c.clientAuth();
        if (!auth.equals("required") && !auth.equals("none")) {
            throw new ModuleConfigException("callbacks.clientAuth is required or none, not '" + auth + "'");
        }
        if (cert == null || key == null || (auth.equals("required") && ca == null)) {
            throw new ModuleConfigException("callbacks.tls needs cert and key (and ca with clientAuth required)");
        }
        CallbackServer.Options options = CallbackServer.Options.tls(c.bind() == null ? "127.0.0.1" : c.bind(),
                c.port() == null ? 0 : c.port(), PemSsl.context(cert, key, auth.equals("required") ? ca : null),
                auth.equals("required"));
        return CallbackServer.start(c.url() == null ? options : options.withUrl(c.url()));
    }
}
