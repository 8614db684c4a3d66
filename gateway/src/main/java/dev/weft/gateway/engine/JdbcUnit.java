package dev.weft.gateway.engine;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Conversion module for a SQL database server over JDBC (issue 13 item 1,
 * S1.6/S1.7): the standard request becomes one of the organisation's named,
 * parameterised queries (no SQL text ever comes from the chain, {@link NamedQueries}),
 * run through a HikariCP connection pool as a user that may only read; the rows
 * become a standard result ({@link RowsShape}).
 *
 * <p>Read-only is enforced twice: at start the user's rights are probed
 * ({@link WritableUserCheck}) and a user that can write is refused unless the
 * configuration says {@code allowWritableUser: true}; and every query runs in a
 * read-only transaction that is rolled back. A failing query is the task's
 * failure with a stable code ({@code SQL_TEXT_REFUSED}, {@code UNKNOWN_QUERY},
 * {@code BAD_ARGUMENTS}, {@code OUT_OF_BOUNDS}, {@code QUERY_MISMATCH},
 * {@code QUERY_FAILED}, {@code QUERY_TIMEOUT}, {@code TOO_MANY_ROWS},
 * {@code NOT_A_NUMBER}); a database that cannot be reached is a unit fault, so
 * the scheduler moves the subtask (S0.9), and makes the unit unavailable (S0.10).
 *
 * <p>Configured as an entry of {@code engine.yaml} with {@code module: jdbc}
 * ({@link JdbcModule} has the section's fields, docs/engines.md an example).
 */
public final class JdbcUnit extends SqlModuleUnit {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcUnit.class);
    private static final long AVAILABILITY_TTL_NANOS = 2_000_000_000L;

    /**
     * @param password the password read from its file or variable (never in the configuration), or null
     */
    public record Settings(String name, String url, String user, String password, int poolSize,
            long connectionTimeoutMillis, NamedQueries queries, Map<String, SqlOperation> operations,
            boolean allowWritableUser) {
        public Settings {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(queries, "queries");
            operations = Map.copyOf(operations);
            if (!url.startsWith("jdbc:")) {
                throw new IllegalArgumentException("jdbc module " + name + ": url must start with jdbc:");
            }
            if (url.toLowerCase(Locale.ROOT).contains("password=")) {
                throw new IllegalArgumentException("jdbc module " + name + ": no password in the url; use "
                        + "passwordFile or passwordEnv");
            }
        }

        @Override
        public String toString() {
            int q = url.indexOf('?');
            return "jdbc module " + name + " (" + (q < 0 ? url : url.substring(0, q)) + (user == null ? "" : " as "
                    + user) + ")";
        }
    }

    private final Settings settings;
    private final HikariDataSource pool;
    private volatile boolean verifiedReadOnly;
    private volatile String refusal;
    private volatile long checkedAt;
    private volatile boolean lastAvailable;

    private JdbcUnit(Settings settings, HikariDataSource pool) {
        super(settings.name(), settings.operations(), settings.queries());
        this.settings = settings;
        this.pool = pool;
        this.verifiedReadOnly = settings.allowWritableUser();
    }

    /**
     * Opens the pool (lazily: a database that is down at start makes the unit
     * unavailable until it is up) and checks the user's rights when the database answers.
     *
     * @throws IllegalStateException when the database answers and its user can write
     */
    public static JdbcUnit start(Settings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("weft-" + settings.name());
        config.setJdbcUrl(settings.url());
        if (settings.user() != null) {
            config.setUsername(settings.user());
        }
        if (settings.password() != null) {
            config.setPassword(settings.password());
        }
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(Math.min(1, settings.poolSize()));
        config.setConnectionTimeout(settings.connectionTimeoutMillis());
        config.setReadOnly(true);
        config.setAutoCommit(false);
        config.setInitializationFailTimeout(-1);
        if (settings.url().startsWith("jdbc:postgresql:")) {
            // arguments travel as strings; let the server type them from the query (id > ? on an integer)
            config.addDataSourceProperty("stringtype", "unspecified");
            config.addDataSourceProperty("ApplicationName", "weft-engine");
        }
        JdbcUnit unit = new JdbcUnit(settings, new HikariDataSource(config));
        try {
            unit.verifyReadOnly();
        } catch (SQLException unreachable) {
            LOG.warn("{} cannot be reached yet ({}); its user's rights are checked at the first connection",
                    settings, unreachable.getSQLState());
        } catch (RuntimeException writable) {
            unit.close();
            throw writable;
        }
        LOG.info("{} ready: operations {}, queries {}", settings, settings.operations().keySet(),
                settings.queries().names());
        return unit;
    }

    @Override
    public boolean available() {
        long now = System.nanoTime();
        if (checkedAt != 0 && now - checkedAt < AVAILABILITY_TTL_NANOS) {
            return lastAvailable;
        }
        boolean ok;
        try (Connection c = connection()) {
            ok = c.isValid(2);
        } catch (SQLException | RuntimeException e) {
            ok = false;
        }
        lastAvailable = ok;
        checkedAt = now;
        return ok;
    }

    @Override
    SqlModuleQueries.Connections connections() {
        return this::connection;
    }

    private Connection connection() throws SQLException {
        verifyReadOnly();
        return pool.getConnection();
    }

    private void verifyReadOnly() throws SQLException {
        if (verifiedReadOnly) {
            return;
        }
        synchronized (this) {
            if (refusal != null) {
                throw new java.sql.SQLNonTransientConnectionException(refusal, "08004");
            }
            if (!verifiedReadOnly) {
                try {
                    // the user's own rights, without the pool's read-only hint
                    WritableUserCheck.requireReadOnly(() -> settings.user() == null
                            ? DriverManager.getConnection(settings.url())
                            : DriverManager.getConnection(settings.url(), settings.user(), settings.password()),
                            settings.toString());
                } catch (IllegalStateException writable) {
                    refusal = writable.getMessage();
                    LOG.error("refusing queries: {}", refusal);
                    throw writable;
                }
                verifiedReadOnly = true;
            }
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return settings.toString();
    }
}
