package dev.weft.gateway.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.engine.api.UnitException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The organisation's local database that the {@code sql} and {@code aggregate}
 * units read: by default an embedded H2 file database in a data folder, or any
 * JDBC database by URL.
 *
 * <p>The embedded database answers queries as {@code WEFT_READER}, a user that
 * may only {@code SELECT} (and so cannot call H2's file or DDL functions either);
 * its owner writes only the demo data. With a JDBC URL, give a read-only user:
 * {@link #open} refuses one that can write ({@link WritableUserCheck}). The
 * units run only the organisation's {@link NamedQueries}.
 *
 * <pre>{@code
 * LocalDatabase db = LocalDatabase.open(LocalDatabase.Settings.embedded(Path.of(".run/engine/org1")));
 * List<ComputeUnit> units = BuiltinUnits.create(BuiltinUnits.ALL, db);   // close db after the engine
 * }</pre>
 */
public final class LocalDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalDatabase.class);
    private static final String READER = "WEFT_READER";
    private static final long AVAILABILITY_TTL_NANOS = 5_000_000_000L;

    /**
     * Where the database is: {@code jdbcUrl} wins; else embedded H2 under {@code dataDir}.
     *
     * @param queries           the only SQL the units run ({@link NamedQueries})
     * @param allowWritableUser start even though the user can write ({@link WritableUserCheck})
     */
    public record Settings(String jdbcUrl, String user, String password, Path dataDir, NamedQueries queries,
            boolean allowWritableUser) {
        public Settings {
            queries = queries == null ? NamedQueries.none() : queries;
        }

        public static Settings embedded(Path dataDir) {
            return new Settings(null, null, null, Objects.requireNonNull(dataDir, "dataDir"), null, false);
        }

        public static Settings jdbc(String jdbcUrl, String user, String password) {
            return new Settings(Objects.requireNonNull(jdbcUrl, "jdbcUrl"), user, password, null, null, false);
        }

        public Settings withQueries(NamedQueries named) {
            return new Settings(jdbcUrl, user, password, dataDir, named, allowWritableUser);
        }

        public Settings allowingWritableUser(boolean allow) {
            return new Settings(jdbcUrl, user, password, dataDir, queries, allow);
        }

        @Override
        public String toString() {
            return jdbcUrl != null ? "jdbc " + withoutQuery(jdbcUrl) + (user == null ? "" : " as " + user)
                    : "embedded H2 in " + dataDir;
        }
    }

    private final String url;
    private final String ownerUser;
    private final String ownerPassword;
    private final String readerUser;
    private final String readerPassword;
    private final Connection keeper;
    private final NamedQueries queries;
    private String description;
    private volatile boolean verifiedReadOnly;
    private String refusal;
    private volatile long checkedAt;
    private volatile boolean lastAvailable;

    private LocalDatabase(String url, String ownerUser, String ownerPassword, String readerUser,
            String readerPassword, Connection keeper, NamedQueries queries) {
        this.url = url;
        this.ownerUser = ownerUser;
        this.ownerPassword = ownerPassword;
        this.readerUser = readerUser;
        this.readerPassword = readerPassword;
        this.keeper = keeper;
        this.queries = queries;
    }

    /**
     * Opens the database and checks that its query user cannot write, unless
     * {@link Settings#allowWritableUser()}.
     *
     * @throws IllegalStateException when it cannot be opened, or its query user can write
     */
    public static LocalDatabase open(Settings settings) {
        LocalDatabase db = connect(settings);
        db.description = settings.toString();
        db.verifiedReadOnly = settings.allowWritableUser();
        try {
            db.verifyReadOnly();
        } catch (SQLException unreachable) {
            LOG.warn("{} cannot be reached yet; whether its user can write is checked at the first connection",
                    settings);
        } catch (RuntimeException writable) {
            db.close();
            throw writable;
        }
        return db;
    }

    /** Runs {@link WritableUserCheck} once, when it has not run yet; a database that failed it stays refused. */
    private void verifyReadOnly() throws SQLException {
        if (verifiedReadOnly) {
            return;
        }
        synchronized (this) {
            if (refusal != null) {
                throw new SQLNonTransientConnectionException(refusal, "08004");
            }
            if (!verifiedReadOnly) {
                try {
                    WritableUserCheck.requireReadOnly(this::probeConnection, description);
                } catch (IllegalStateException writable) {
                    refusal = writable.getMessage();
                    throw writable;
                }
                verifiedReadOnly = true;
            }
        }
    }

    private static LocalDatabase connect(Settings settings) {
        try {
            if (settings.jdbcUrl() != null) {
                return new LocalDatabase(settings.jdbcUrl(), settings.user(), settings.password(),
                        settings.user(), settings.password(), null, settings.queries());
            }
            Files.createDirectories(settings.dataDir());
            String url = "jdbc:h2:file:" + settings.dataDir().toAbsolutePath().resolve("engine");
            // the owner connection stays open, and with it the database
            Connection owner = DriverManager.getConnection(url, "WEFT", "");
            String readerPassword = HexFormat.of().formatHex(randomBytes(16));
            try (Statement s = owner.createStatement()) {
                s.execute("CREATE USER IF NOT EXISTS " + READER + " PASSWORD '" + readerPassword + "'");
                s.execute("ALTER USER " + READER + " SET PASSWORD '" + readerPassword + "'");
                s.execute("GRANT SELECT ON SCHEMA PUBLIC TO " + READER);
            }
            return new LocalDatabase(url, "WEFT", "", READER, readerPassword, owner, settings.queries());
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("cannot open the local database " + settings, e);
        }
    }

    /** The only queries the units may run. */
    NamedQueries queries() {
        return queries;
    }

    /** Runs a checked query and reads its rows (see {@link SqlRows}). */
    JsonNode rows(SqlQuery query) throws SQLException, UnitException {
        return query(query, rows -> SqlRows.read(rows, query.maxRows()));
    }

    /** The first column of a checked query's rows as numbers, NULLs skipped. */
    List<BigDecimal> firstColumnNumbers(SqlQuery query) throws SQLException, UnitException {
        return query(query, rows -> {
            List<BigDecimal> numbers = new ArrayList<>();
            for (int n = 0; rows.next(); n++) {
                if (n == query.maxRows()) {
                    throw UnitException.coded("TOO_MANY_ROWS",
                            "the query returns more than %d rows (parameter 'max-rows')", query.maxRows());
                }
                BigDecimal number = SqlRows.number(rows.getObject(1), "column 1 of named query " + query.name());
                if (number != null) {
                    numbers.add(number);
                }
            }
            return numbers;
        });
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    /** A connection with the owner's rights, for writing demo data. */
    Connection owner() throws SQLException {
        return DriverManager.getConnection(url, ownerUser, ownerPassword);
    }

    /** Whether a reader connection works; checked at most every few seconds. */
    boolean available() {
        long now = System.nanoTime();
        if (now - checkedAt < AVAILABILITY_TTL_NANOS && checkedAt != 0) {
            return lastAvailable;
        }
        boolean ok;
        try (Connection c = reader()) {
            ok = c.isValid(2);
        } catch (SQLException e) {
            ok = false;
        }
        lastAvailable = ok;
        checkedAt = now;
        return ok;
    }

    @Override
    public void close() {
        if (keeper != null) {
            try {
                keeper.close();
            } catch (SQLException e) {
                // closing anyway
            }
        }
    }

    @Override
    public String toString() {
        return "LocalDatabase[" + withoutQuery(url) + "]";
    }

    /** A URL without its query string, which may hold a password. */
    private static String withoutQuery(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    /** Runs a query read-only, in a transaction that is always rolled back. */
    private <T> T query(SqlQuery query, SqlModuleQueries.RowReader<T> reader) throws SQLException, UnitException {
        return SqlModuleQueries.run(this::reader, query, reader);
    }

    /** A connection of the query user without the read-only hint, to find out what the user itself may do. */
    private Connection probeConnection() throws SQLException {
        return readerUser == null ? DriverManager.getConnection(url)
                : DriverManager.getConnection(url, readerUser, readerPassword);
    }

    private Connection reader() throws SQLException {
        try {
            verifyReadOnly();
        } catch (IllegalStateException writable) {
            LOG.error("refusing queries: {}", writable.getMessage());
            throw new SQLNonTransientConnectionException(writable.getMessage(), "08004");
        }
        Connection c = readerUser == null ? DriverManager.getConnection(url)
                : DriverManager.getConnection(url, readerUser, readerPassword);
        try {
            c.setReadOnly(true);
        } catch (SQLException e) {
            // a hint some drivers refuse once connected (SQLite): the query check still holds
        }
        c.setAutoCommit(false);
        return c;
    }
}
