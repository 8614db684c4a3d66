package dev.weft.gateway.engine.modules.http;

import dev.weft.engine.api.ComputeUnit;
import dev.weft.engine.api.ConversionModule;
import dev.weft.engine.api.ModuleConfigException;
import dev.weft.engine.api.ModuleContext;
import dev.weft.gateway.engine.callback.PemSsl;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Conversion module {@code http}: a heterogeneous engine that is an HTTP/JSON
 * service, in the result modes of S1.9 (sync, push, pull). Calls are
 * asynchronous ({@link HttpClient#sendAsync}); a waiting job holds no thread.
 */
public final class HttpModule implements ConversionModule {
    /** The threads every HTTP unit's exchanges complete on, shared. */
    static final ExecutorService EXCHANGES;

    static {
        AtomicInteger n = new AtomicInteger();
        EXCHANGES = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "weft-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public String type() {
        return "http";
    }

    @Override
    public ComputeUnit create(ModuleContext context) {
        HttpSettings settings = context.settings(HttpSettings.class);
        if (settings.resultMode() == HttpSettings.Mode.PUSH && context.callbacks().isEmpty()) {
            throw new ModuleConfigException("engines." + context.unitName()
                    + ": mode push needs the engine's callback endpoint (section callbacks: of the configuration)");
        }
        Map<String, String> secrets = new TreeMap<>();
        settings.secretHeaders().forEach((name, ref) -> secrets.put(name, context.secret(ref)));
        HttpClient.Builder client = clientBuilder(settings.requestTimeout());
        if (settings.tls() != null) {
            Path base = context.baseDirectory();
            client.sslContext(PemSsl.context(path(base, settings.tls().cert()), path(base, settings.tls().key()),
                    path(base, settings.tls().ca())));
        }
        return new HttpUnit(context.unitName(), context.operations(), context.timeout(), settings, secrets,
                client.build(), context.scheduler(), context.callbacks().orElse(null));
    }

    /**
     * The HTTP client settings every HTTP unit uses (shared exchange threads,
     * connect timeout, no redirects); {@code weft bench engines} calls the engine
     * directly through the same settings, so that both sides do equal work.
     */
    public static HttpClient.Builder clientBuilder(java.time.Duration connectTimeout) {
        return HttpClient.newBuilder().executor(EXCHANGES).connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER);
    }

    private static Path path(Path base, String p) {
        return p == null ? null : base.resolve(p);
    }
}
