package dev.weft.gateway.store;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.Checkpointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's durable store: the task list (S0.1), the result list (S0.11), the
 * chaincode-event checkpoints that let a restarted gateway fetch what the chain
 * generated while it was down (S0.3), and the dead letters (events that could not
 * be handled). Embedded SQLite by default ({@code jdbc:sqlite:<dataDir>/gateway.db},
 * WAL, synchronous=NORMAL: a commit survives {@code kill -9}; one gateway process per
 * file), PostgreSQL by URL ({@code jdbc:postgresql://host:5432/db}, credentials in
 * the URL or given apart). The schema is migrated with Flyway on open. Every write
 * is one transaction, keyed by {@link TaskKey}; the store is thread-safe.
 *
 * <pre>{@code
 * try (GatewayStore store = GatewayStore.openSqlite(dataDir)) {   // or open("jdbc:postgresql://db/weft", user, pw)
 *     Checkpointer checkpoint = store.checkpointer(GatewayStore.GATEWAY_EVENTS);
 *     // per event: take this organisation's subtasks and move the checkpoint, atomically
 *     List<TaskEntry> taken = store.recordTasks(entriesFrom(event), event);
 *     store.markResend(key);                                         // getting its result failed (S0.8)
 *     store.recordResult(new ResultEntry(key, digest, value, "unit-a", Instant.now()));
 *     store.complete(key);                                           // once the chain confirmed it
 * }
 * }</pre>
 */
public final class GatewayStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayStore.class);

    /**
     * The checkpoint of a running gateway's one event stream (chain/EventHub): the scheduler's
     * intake, governance notices (S2.6) and consensus-error reports (S4.7). It is the one that
     * {@link #recordTasks(List, ChaincodeEvent)} advances.
     */
    public static final String GATEWAY_EVENTS = "gateway-events";
    /**
     * The scheduler's own checkpoint in stores written before its intake joined the shared
     * stream; read only, as the floor under the intake on an upgraded gateway's first start.
     */
    public static final String TASK_EVENTS = "task-events";
    /** The SQLite file name inside a gateway's data folder. */
    public static final String SQLITE_FILE = "gateway.db";

    private final Database database;
    private final Clock clock = Clock.systemUTC();

    private GatewayStore(Database database) {
        this.database = database;
    }

    /**
     * Opens (creating and migrating as needed) the store at {@code jdbcUrl}: jdbc:sqlite:… or jdbc:postgresql:….
     *
     * @throws IllegalArgumentException for another kind of URL or an in-memory SQLite database
     * @throws StoreException if the database cannot be reached or migrated
     */
    public static GatewayStore open(String jdbcUrl) {
        return open(jdbcUrl, null, null);
    }

    /** As {@link #open(String)}, with credentials kept out of the URL; {@code null} for none. */
    public static GatewayStore open(String jdbcUrl, String user, String password) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Vendor vendor = Vendor.of(jdbcUrl);
        String masked = JdbcUrls.mask(jdbcUrl);
        DataSource dataSource = vendor.dataSource(jdbcUrl, user, password);
        String version = Migrations.apply(dataSource, vendor, masked);
        LOG.info("gateway store open at {} (schema version {})", masked, version);
        return new GatewayStore(new Database(vendor, dataSource, masked));
    }

    /** Opens the embedded SQLite store in {@code dataDir} (created if missing). */
    public static GatewayStore openSqlite(Path dataDir) {
        return open(sqliteUrl(dataDir));
    }

    /** The URL of the embedded SQLite store in {@code dataDir}. */
    public static String sqliteUrl(Path dataDir) {
        return "jdbc:sqlite:" + dataDir.resolve(SQLITE_FILE).toAbsolutePath();
    }

    /**
     * Takes subtasks into the task list and moves the {@link #GATEWAY_EVENTS} checkpoint
     * past {@code checkpointEvent}, in one transaction: a crash keeps both or neither.
     *
     * @param entries the subtasks taken from the event; may be empty (an event with nothing for us)
     * @param checkpointEvent the event the entries came from, or {@code null} to leave the checkpoint
     * @return the entries newly taken; entries whose key was already listed are left as they are
     */
    public List<TaskEntry> recordTasks(List<TaskEntry> entries, ChaincodeEvent checkpointEvent) {
        return recordTasks(GATEWAY_EVENTS, entries, checkpointEvent);
    }

    /**
     * As {@link #recordTasks(List, ChaincodeEvent)} for the checkpoint of {@code stream}.
     * The checkpoint never moves back to an earlier block here.
     */
    public List<TaskEntry> recordTasks(String stream, List<TaskEntry> entries, ChaincodeEvent checkpointEvent) {
        Objects.requireNonNull(stream, "stream");
        List<TaskEntry> batch = List.copyOf(entries);
        return database.write("record tasks", c -> {
            List<TaskEntry> inserted = new ArrayList<>();
            for (TaskEntry entry : batch) {
                if (TaskListTable.insertIfAbsent(c, entry)) {
                    inserted.add(entry);
                }
            }
            if (checkpointEvent != null) {
                CheckpointTable.advance(c, stream, new CheckpointTable.Position(
                        checkpointEvent.getBlockNumber(), checkpointEvent.getTransactionId()), clock.instant());
            }
            return List.copyOf(inserted);
        });
    }

    /** The task list, by block then creation: what to recover after a restart (S0.1). */
    public List<TaskEntry> taskList() {
        return database.read("read task list", TaskListTable::all);
    }

    public Optional<TaskEntry> task(TaskKey key) {
        Objects.requireNonNull(key, "key");
        return database.read("read task " + key, c -> TaskListTable.find(c, key));
    }

    /**
     * Flips the entry to the resend flag (S0.8), after getting its result failed.
     * False if no such entry.
     */
    public boolean markResend(TaskKey key) {
        Objects.requireNonNull(key, "key");
        return database.write("mark resend " + key, c -> TaskListTable.markResend(c, key, clock.instant()));
    }

    /**
     * Puts a result in the result list (S0.11) unless one is already there for its key.
     *
     * @return the result now stored: {@code result}, or the earlier one for the same key
     */
    public ResultEntry recordResult(ResultEntry result) {
        Objects.requireNonNull(result, "result");
        return database.write("record result " + result.key(), c -> {
            ResultListTable.insertIfAbsent(c, result);
            return ResultListTable.find(c, result.key()).orElseThrow();
        });
    }

    public Optional<ResultEntry> result(TaskKey key) {
        Objects.requireNonNull(key, "key");
        return database.read("read result " + key, c -> ResultListTable.find(c, key));
    }

    /** The result list: results not yet confirmed on chain, oldest first. */
    public List<ResultEntry> resultList() {
        return database.read("read result list", ResultListTable::all);
    }

    /**
     * Removes the task entry and its result in one transaction. Call it only once the
     * chain confirmed the result's commit, or says the subtask is already done.
     *
     * @return false if there was neither an entry nor a result for {@code key}
     */
    public boolean complete(TaskKey key) {
        Objects.requireNonNull(key, "key");
        return database.write("complete " + key, c -> {
            boolean task = TaskListTable.delete(c, key);
            boolean result = ResultListTable.delete(c, key);
            return task || result;
        });
    }

    /**
     * A checkpointer kept in this store under {@code stream}, for
     * {@code network.newChaincodeEventsRequest(chaincode).checkpoint(cp)}.
     */
    public Checkpointer checkpointer(String stream) {
        Objects.requireNonNull(stream, "stream");
        return new StoreCheckpointer(database, stream, clock);
    }

    /** Sets a poison event aside; returns it with the id the store gave it. */
    public DeadLetter deadLetter(DeadLetter letter) {
        Objects.requireNonNull(letter, "letter");
        DeadLetter stored = database.write("store dead letter",
                c -> letter.withId(DeadLetterTable.insert(c, letter)));
        LOG.warn("event {} of block {} set aside as dead letter {}: {}",
                stored.txId(), stored.blockNumber(), stored.id(), stored.error());
        return stored;
    }

    /** The dead letters, oldest first. */
    public List<DeadLetter> deadLetters() {
        return database.read("read dead letters", DeadLetterTable::all);
    }

    /** Removes and returns a dead letter, for replay; empty if it is gone (or another caller took it). */
    public Optional<DeadLetter> takeDeadLetter(long id) {
        return database.write("take dead letter " + id, c -> {
            Optional<DeadLetter> letter = DeadLetterTable.find(c, id);
            return letter.isPresent() && DeadLetterTable.delete(c, id) ? letter : Optional.<DeadLetter>empty();
        });
    }

    /** Store writes made since open: count and total time, for write overhead per subtask. */
    public StoreStats stats() {
        return database.stats();
    }

    @Override
    public void close() {
        database.close();
    }
}
