package dev.weft.gateway.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Conversion module for DuckDB (issue 13 item 2, S1.7 local calls): an
 * in-process analytic engine over CSV and Parquet files the organisation keeps,
 * queried only by the organisation's named queries ({@link NamedQueries}).
 *
 * <p>At start each configured file becomes a view ({@code tables: {sales:
 * {path: data/sales.csv}}}) in a small DuckDB catalogue under the engine's data
 * folder; the catalogue is then reopened <em>read-only</em>, and DuckDB's external
 * access is narrowed to exactly those files and locked
 * ({@code allowed_paths}, {@code enable_external_access=false},
 * {@code lock_configuration}): a query can read the organisation's files and
 * nothing else, and can write nothing. Results and error codes are those of the
 * other SQL modules ({@link RowsShape}, {@link SqlFailures}).
 *
 * <p>Configured as an entry of {@code engine.yaml} with {@code module: duckdb}
 * ({@link DuckDbModule} has the section's fields, docs/engines.md an example).
 */
public final class DuckDbUnit extends SqlModuleUnit {
    private static final Logger LOG = LoggerFactory.getLogger(DuckDbUnit.class);
    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final Pattern MEMORY = Pattern.compile("\\d{1,6}(KB|MB|GB)");

    /** One file the organisation keeps, seen as a table. */
    public record Table(Path path, String format) {
        public Table {
            Objects.requireNonNull(path, "path");
            if (!format.equals("csv") && !format.equals("parquet")) {
                throw new IllegalArgumentException("format must be csv or parquet, not " + format);
            }
        }
    }

    public record Settings(String name, Map<String, Table> tables, NamedQueries queries,
            Map<String, SqlOperation> operations, Path dataDir, int threads, String memoryLimit) {
        public Settings {
            Objects.requireNonNull(name, "name");
            tables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tables));
            operations = Map.copyOf(operations);
            tables.keySet().forEach(t -> {
                if (!TABLE.matcher(t).matches()) {
                    throw new IllegalArgumentException("duckdb module " + name + ": table name '" + t + "' must match "
                            + TABLE);
                }
            });
            if (memoryLimit != null && !MEMORY.matcher(memoryLimit).matches()) {
                throw new IllegalArgumentException("duckdb module " + name + ": memoryLimit like 512MB or 2GB");
            }
        }
    }

    private final Settings settings;
    private final DuckDBConnection root;

    private DuckDbUnit(Settings settings, DuckDBConnection root) {
        super(settings.name(), settings.operations(), settings.queries());
        this.settings = settings;
        this.root = root;
    }

    /**
     * Builds the catalogue of views, reopens it read-only and locks external access to the files.
     *
     * @throws IllegalStateException when a file is missing or DuckDB cannot read it
     */
    public static DuckDbUnit start(Settings settings) {
        try {
            Files.createDirectories(settings.dataDir());
            for (Map.Entry<String, Table> t : settings.tables().entrySet()) {
                if (!Files.isReadable(t.getValue().path())) {
                    throw new IllegalStateException("duckdb module " + settings.name() + ": table " + t.getKey()
                            + " reads " + t.getValue().path() + ", which is not a readable file");
                }
            }
            Path catalogue = settings.dataDir().resolve("weft-" + settings.name() + ".duckdb");
            Files.deleteIfExists(catalogue);
            Files.deleteIfExists(catalogue.resolveSibling(catalogue.getFileName() + ".wal"));
            String url = "jdbc:duckdb:" + catalogue.toAbsolutePath();
            try (Connection owner = DriverManager.getConnection(url); Statement s = owner.createStatement()) {
                for (Map.Entry<String, Table> t : settings.tables().entrySet()) {
                    String reader = t.getValue().format().equals("parquet") ? "read_parquet" : "read_csv";
                    s.execute("CREATE VIEW \"" + t.getKey() + "\" AS SELECT * FROM " + reader + "("
                            + literal(t.getValue().path().toAbsolutePath().toString()) + ")");
                }
            }
            Properties readOnly = new Properties();
            readOnly.setProperty("duckdb.read_only", "true");
            DuckDBConnection root = (DuckDBConnection) DriverManager.getConnection(url, readOnly);
            try (Statement s = root.createStatement()) {
                s.execute("SET threads = " + settings.threads());
                if (settings.memoryLimit() != null) {
                    s.execute("SET memory_limit = '" + settings.memoryLimit() + "'");
                }
                StringBuilder paths = new StringBuilder();
                for (Table t : settings.tables().values()) {
                    paths.append(paths.length() == 0 ? "" : ", ").append(literal(t.path().toAbsolutePath().toString()));
                }
                s.execute("SET allowed_paths = [" + paths + "]");
                s.execute("SET enable_external_access = false");
                s.execute("SET lock_configuration = true");
            }
            DuckDbUnit unit = new DuckDbUnit(settings, root);
            // no probe of write rights: DuckDB itself opened the catalogue read-only, and it has no savepoints
            for (String table : settings.tables().keySet()) {
                try (Connection c = root.duplicate(); Statement s = c.createStatement()) {
                    s.executeQuery("SELECT * FROM \"" + table + "\" LIMIT 0").close();
                } catch (SQLException e) {
                    unit.close();
                    throw new IllegalStateException("duckdb module " + settings.name() + ": cannot read table " + table
                            + " (" + settings.tables().get(table).path() + "): " + e.getMessage(), e);
                }
            }
            LOG.info("duckdb module {} ready: tables {}, operations {}", settings.name(), settings.tables().keySet(),
                    settings.operations().keySet());
            return unit;
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("duckdb module " + settings.name() + " cannot start: " + e.getMessage(), e);
        }
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    @Override
    public boolean available() {
        try {
            return !root.isClosed();
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    SqlModuleQueries.Connections connections() {
        return root::duplicate;
    }

    @Override
    public void close() {
        try {
            root.close();
        } catch (SQLException e) {
            LOG.debug("closing duckdb module {}: {}", settings.name(), e.toString());
        }
    }
}
