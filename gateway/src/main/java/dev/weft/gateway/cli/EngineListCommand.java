package dev.weft.gateway.cli;

import dev.weft.gateway.registry.FrameworkService;
import dev.weft.gateway.registry.RegistryClient;
import dev.weft.gateway.registry.RegistryException;
import dev.weft.gateway.registry.ServiceCenter;
import dev.weft.gateway.registry.ServiceChange;
import dev.weft.gateway.registry.UnitService;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code weft engine list --registry HOST:PORT [--watch]}: the frameworks and
 * units a service center knows, with operations, status and why (S0.7, S0.10);
 * with {@code --watch}, then every change as it happens until interrupted.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the engine frameworks and units a service center knows, with their status.")
final class EngineListCommand implements Callable<Integer> {
    @Option(names = "--registry", paramLabel = "HOST:PORT", required = true, description = "Service center endpoint.")
    String registry;

    @Mixin
    ClientTlsOptions tls = new ClientTlsOptions();

    @Option(names = "--timeout", defaultValue = "PT10S", description = "Deadline of the call (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--watch", description = "After the list, print each service change until interrupted (S0.7 push).")
    boolean watch;

    @Mixin OutputOptions output;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (RegistryClient client = client()) {
            if (!watch) {
                print(out, client.list());
                return 0;
            }
            BlockingQueue<Object> events = new LinkedBlockingQueue<>();
            try (ServiceCenter.Subscription ignored = client.watch(events::add, events::add)) {
                while (true) {
                    Object next = events.take();
                    if (next instanceof RegistryException e) {
                        throw e;
                    }
                    print(out, (ServiceChange) next);
                }
            } catch (InterruptedException stopped) {
                return 0;
            }
        }
    }

    private RegistryClient client() {
        RegistryClient.Builder builder = RegistryClient.builder().endpoint(registry).deadline(timeout);
        if (tls.authority != null) {
            builder.authority(tls.authority);
        }
        if (tls.insecureLoopback) {
            return builder.insecureLoopback().build();
        }
        return builder.tls(tls.tls("center")).build();
    }

    private void print(PrintWriter out, ServiceChange change) {
        List<Map<String, Object>> frameworks = new ArrayList<>();
        StringBuilder text = new StringBuilder(change.kind() == ServiceChange.Kind.SNAPSHOT
                ? "revision " + change.revision()
                : "revision " + change.revision() + ": " + change.kind().name().toLowerCase(java.util.Locale.ROOT));
        for (FrameworkService f : change.frameworks()) {
            frameworks.add(json(f));
            text.append(String.format("%n%-20s %-22s %-11s %s", f.name(), f.endpoint(), f.status(), f.why()));
            for (UnitService u : f.units()) {
                text.append(String.format("%n  %-18s %-22s %-11s %s", u.name(), String.join(",", u.operations()),
                        u.status(), u.why()));
            }
        }
        if (change.frameworks().isEmpty() && change.kind() == ServiceChange.Kind.SNAPSHOT) {
            text.append(System.lineSeparator()).append("(no engine framework registered)");
        }
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("revision", change.revision());
        value.put("kind", change.kind().name());
        value.put("frameworks", frameworks);
        output.print(out, value, text.toString());
    }

    private static Map<String, Object> json(FrameworkService f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", f.name());
        m.put("endpoint", f.endpoint());
        m.put("status", f.status().name());
        m.put("why", f.why());
        m.put("lastHeartbeat", f.lastHeartbeat().toString());
        m.put("revision", f.revision());
        List<Map<String, Object>> units = new ArrayList<>();
        for (UnitService u : f.units()) {
            Map<String, Object> um = new LinkedHashMap<>();
            um.put("name", u.name());
            um.put("operations", List.copyOf(u.operations()));
            um.put("status", u.status().name());
            um.put("why", u.why());
            units.add(um);
        }
        m.put("units", units);
        return m;
    }
}
