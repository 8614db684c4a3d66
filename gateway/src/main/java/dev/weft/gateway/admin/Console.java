package dev.weft.gateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.ChainException;
import dev.weft.gateway.chain.Page;
import dev.weft.gateway.cluster.ClusterLedger;
import dev.weft.gateway.governance.Governance;
import dev.weft.gateway.json.Json;
import dev.weft.gateway.routing.Routes;
import dev.weft.gateway.scheduler.EngineDirectory;
import dev.weft.gateway.task.TaskGraph;
import dev.weft.gateway.task.TaskLedger;
import dev.weft.gateway.task.TaskSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The gateway's read-only web console on its admin port: a page ({@code /},
 * plain JavaScript and CSS from the jar, nothing from the internet) and the JSON
 * views it reads ({@code /console/api/…}): tasks by status, one task's DAG with
 * its subtasks' states, the engines and their units, proposals with their votes,
 * rollouts (route policies) and the cluster master table. Every view reads the
 * chain (or the gateway's engine directory) when it is asked; the page polls the
 * task it shows, so its DAG follows the subtasks' states as their events commit.
 *
 * <pre>{@code
 * AdminServer.Builder admin = AdminServer.builder(host, port, tls).metrics(meters);
 * Console.install(admin, () -> chain, engines);
 * }</pre>
 */
public final class Console {
    private static final ObjectMapper JSON = Json.PLAIN.mapper();
    private static final List<String> STATUSES = List.of(TaskSnapshot.RUNNING, TaskSnapshot.COMPLETED,
            TaskSnapshot.FAILED);
    private static final Map<String, String> ASSETS = Map.of(
            "index.html", "text/html; charset=utf-8",
            "console.js", "text/javascript; charset=utf-8",
            "console.css", "text/css; charset=utf-8");
    private static final int PAGE = 50;
    private static final int SCAN_PAGE = 200;
    private static final int SCAN_LIMIT = 5000;
    private static final Comparator<JsonNode> NEWEST_FIRST = Comparator.comparing(Console::changedAt)
            .reversed().thenComparing(t -> t.path("taskId").asText());

    private final Supplier<ChainClient> chain;
    private final EngineDirectory engines;

    private Console(Supplier<ChainClient> chain, EngineDirectory engines) {
        this.chain = chain;
        this.engines = engines;
    }

    /** Adds the console's page and views to {@code admin}. {@code engines} may be null (none shown). */
    public static AdminServer.Builder install(AdminServer.Builder admin, Supplier<ChainClient> chain,
            EngineDirectory engines) {
        Console console = new Console(chain, engines);
        admin.handle("/", console::asset);
        admin.handle("/console/api/tasks", e -> console.json(e, console.tasks()));
        admin.handle("/console/api/task", e -> console.json(e, console.task(query(e, "id"))));
        admin.handle("/console/api/engines", e -> console.json(e, console.engines()));
        admin.handle("/console/api/proposals", e -> console.json(e, console.proposals()));
        admin.handle("/console/api/rollouts", e -> console.json(e, console.rollouts()));
        admin.handle("/console/api/masters", e -> console.json(e, console.masters()));
        return admin;
    }

    /** The page's files; {@code /} is index.html, anything unknown 404. */
    private void asset(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String name = path.equals("/") ? "index.html" : path.substring(1);
        String type = ASSETS.get(name);
        if (type == null) {
            AdminServer.respond(exchange, 404, "text/plain; charset=utf-8",
                    "not found\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        try (InputStream in = Console.class.getResourceAsStream("/console/" + name)) {
            if (in == null) {
                throw new IllegalStateException("console asset " + name + " missing from the jar");
            }
            AdminServer.respond(exchange, 200, type, in.readAllBytes());
        }
    }

    private void json(HttpExchange exchange, JsonNode body) throws IOException {
        AdminServer.respond(exchange, 200, "application/json; charset=utf-8", JSON.writeValueAsBytes(body));
    }

    private static String query(HttpExchange exchange, String key) {
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(key)) {
                    return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                }
            }
        }
        return "";
    }

    /**
     * {@code {"RUNNING":[…],"COMPLETED":[…],"FAILED":[…],"counts":{…}}}: the newest
     * {@value #PAGE} tasks of each status (by their last change), and how many tasks
     * of that status the view read. The chain lists a status in task ID order, which
     * is random for transaction IDs, so the view reads up to {@value #SCAN_LIMIT}
     * tasks of a status and sorts them; past that it says so ({@code "5000+"}).
     */
    JsonNode tasks() {
        TaskLedger ledger = new TaskLedger(chain.get());
        ObjectNode out = JSON.createObjectNode();
        ObjectNode counts = JSON.createObjectNode();
        for (String status : STATUSES) {
            List<JsonNode> read = new ArrayList<>();
            String bookmark = "";
            while (read.size() < SCAN_LIMIT) {
                Page page = ledger.tasks(status, SCAN_PAGE, bookmark, false);
                read.addAll(page.items());
                if (page.bookmark().isEmpty() || page.bookmark().equals(bookmark) || page.items().isEmpty()) {
                    bookmark = "";
                    break;
                }
                bookmark = page.bookmark();
            }
            read.sort(NEWEST_FIRST);
            ArrayNode items = out.putArray(status);
            read.stream().limit(PAGE).forEach(items::add);
            if (bookmark.isEmpty()) {
                counts.put(status, read.size());
            } else {
                counts.put(status, read.size() + "+");
            }
        }
        out.set("counts", counts);
        return out;
    }

    private static Instant changedAt(JsonNode task) {
        try {
            return Instant.parse(task.path("updatedAt").asText(task.path("createdAt").asText("")));
        } catch (DateTimeParseException unknown) {
            return Instant.EPOCH;
        }
    }

    /** One task: its status and its DAG, each node with its subtask's state. */
    JsonNode task(String id) {
        ObjectNode out = JSON.createObjectNode();
        if (id.isEmpty()) {
            return out.put("error", "give ?id=TASK");
        }
        TaskSnapshot snapshot;
        try {
            snapshot = new TaskLedger(chain.get()).task(id);
        } catch (ChainException e) {
            return out.put("error", e.code() + ": " + e.getMessage());
        }
        TaskGraph graph = TaskGraph.of(snapshot);
        out.put("taskId", snapshot.taskId()).put("definitionId", snapshot.definitionId())
                .put("status", snapshot.status()).put("owner", snapshot.ownerMsp())
                .put("updatedAt", snapshot.updatedAt()).put("title", graph.title());
        ArrayNode nodes = out.putArray("nodes");
        for (TaskGraph.Node n : graph.nodes()) {
            ObjectNode node = nodes.addObject().put("name", n.name()).put("operation", n.operation())
                    .put("status", n.status()).put("attempt", n.attempt());
            n.participants().forEach(node.putArray("participants")::add);
            n.dependsOn().forEach(node.putArray("dependsOn")::add);
        }
        ArrayNode edges = out.putArray("edges");
        graph.edges().forEach(e -> edges.addObject().put("from", e.from()).put("to", e.to()));
        return out;
    }

    /** The engines this gateway knows and their units. */
    JsonNode engines() {
        ArrayNode out = JSON.createArrayNode();
        if (engines == null) {
            return out;
        }
        for (EngineDirectory.Engine e : engines.engines()) {
            ObjectNode engine = out.addObject().put("name", e.name()).put("available", e.available())
                    .put("why", e.why()).put("fromRegistry", e.fromRegistry());
            ArrayNode units = engine.putArray("units");
            for (EngineDirectory.Unit u : e.units()) {
                ObjectNode unit = units.addObject().put("name", u.name()).put("available", u.available())
                        .put("why", u.why());
                u.operations().stream().sorted().forEach(unit.putArray("operations")::add);
            }
        }
        return out;
    }

    /** Proposals (the first page of every status), each with its votes. */
    JsonNode proposals() {
        Governance gov = new Governance(chain.get());
        ArrayNode out = JSON.createArrayNode();
        for (JsonNode p : gov.proposals("", PAGE, "", false).items()) {
            ObjectNode row = out.addObject();
            row.set("proposal", p);
            try {
                row.set("votes", gov.tallyView(p.path("id").asText()).path("votes"));
            } catch (ChainException e) {
                row.put("votesError", e.code());
            }
        }
        return out;
    }

    /** Every route's policy: where traffic goes per version. */
    JsonNode rollouts() {
        return new Routes(chain.get()).policies();
    }

    /** The cluster master table; empty when the chain has none. */
    JsonNode masters() {
        try {
            return new ClusterLedger(chain.get()).masters();
        } catch (ChainException e) {
            return JSON.createObjectNode().put("error", e.code());
        } catch (UncheckedIOException e) {
            return JSON.createObjectNode().put("error", "unreadable");
        }
    }
}
