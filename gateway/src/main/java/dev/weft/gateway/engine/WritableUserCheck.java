package dev.weft.gateway.engine;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds out whether the database user the units query as can write (issue 9
 * item 3): in one transaction that is always rolled back, it tries, on every
 * table the user sees, an INSERT, an UPDATE and a DELETE that match no row, and
 * the creation of a table. Each write the database accepts is a right the user
 * has; the probes change no row, and a probe table that a database commits at
 * once (DDL in H2, MySQL) is dropped again. The database's own rights decide, so
 * the check holds for any JDBC database, whatever its privilege tables look like.
 *
 * <pre>{@code
 * WritableUserCheck.requireReadOnly(() -> DriverManager.getConnection(url, user, password), "jdbc … as reader");
 * }</pre>
 */
final class WritableUserCheck {
    /** Tables probed at most: enough for any query database, bounded so the start stays quick. */
    static final int MAX_TABLES = 200;
    private static final Set<String> SYSTEM_SCHEMAS = Set.of("INFORMATION_SCHEMA", "PG_CATALOG", "SYS", "MYSQL",
            "PERFORMANCE_SCHEMA");

    /** Where a connection as the query user comes from. */
    interface Connections {
        Connection open() throws SQLException;
    }

    private WritableUserCheck() {
    }

    /**
     * @throws IllegalStateException naming the rights found, when the user can write
     * @throws SQLException          when the database cannot be reached (the check is then not done)
     */
    static void requireReadOnly(Connections connections, String what) throws SQLException {
        List<String> rights = writeRights(connections);
        if (!rights.isEmpty()) {
            throw new IllegalStateException("the database user of " + what + " can write (" + String.join(", ", rights)
                    + "); give the engine a user that may only read, or start it with --allow-writable-user");
        }
    }

    /** The writes the user may make, as "DELETE on sales", "CREATE TABLE"; empty when it may only read. */
    static List<String> writeRights(Connections connections) throws SQLException {
        List<String> rights = new ArrayList<>();
        try (Connection c = connections.open()) {
            c.setAutoCommit(false);
            try {
                String quote = c.getMetaData().getIdentifierQuoteString().trim();
                for (Table t : tables(c.getMetaData())) {
                    String name = t.qualified(quote);
                    String column = quote + t.column() + quote;
                    probe(c, "INSERT INTO " + name + " SELECT * FROM " + name + " WHERE 1 = 0", "INSERT on " + t, rights);
                    probe(c, "UPDATE " + name + " SET " + column + " = " + column + " WHERE 1 = 0", "UPDATE on " + t,
                            rights);
                    probe(c, "DELETE FROM " + name + " WHERE 1 = 0", "DELETE on " + t, rights);
                }
                String probeTable = "weft_write_probe_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
                if (probe(c, "CREATE TABLE " + probeTable + " (x INT)", "CREATE TABLE", rights)) {
                    probe(c, "DROP TABLE " + probeTable, "DROP TABLE", new ArrayList<>());
                }
            } finally {
                c.rollback();
            }
        }
        return rights;
    }

    private record Table(String schema, String name, String column) {
        String qualified(String quote) {
            return (schema == null ? "" : quote + schema + quote + ".") + quote + name + quote;
        }

        @Override
        public String toString() {
            return schema == null ? name : schema + "." + name;
        }
    }

    private static List<Table> tables(DatabaseMetaData meta) throws SQLException {
        List<Table> tables = new ArrayList<>();
        try (ResultSet rs = meta.getTables(null, null, "%", new String[] {"TABLE"})) {
            while (rs.next() && tables.size() < MAX_TABLES) {
                String schema = rs.getString("TABLE_SCHEM");
                if (schema != null && SYSTEM_SCHEMAS.contains(schema.toUpperCase(Locale.ROOT))) {
                    continue;
                }
                tables.add(new Table(schema, rs.getString("TABLE_NAME"), null));
            }
        }
        List<Table> withColumns = new ArrayList<>();
        for (Table t : tables) {
            try (ResultSet cols = meta.getColumns(null, t.schema(), t.name(), "%")) {
                if (cols.next()) {
                    withColumns.add(new Table(t.schema(), t.name(), cols.getString("COLUMN_NAME")));
                }
            }
        }
        return withColumns;
    }

    /** Runs one probe inside a savepoint; returns whether the database accepted it. */
    private static boolean probe(Connection c, String sql, String right, List<String> rights) throws SQLException {
        Savepoint savepoint = c.setSavepoint();
        try (Statement s = c.createStatement()) {
            s.execute(sql);
            rights.add(right);
            return true;
        } catch (SQLException refused) {
            return false;
        } finally {
            try {
                c.rollback(savepoint);
            } catch (SQLException committedAlready) {
                // DDL that the database committed on its own ends the savepoint with it
            }
        }
    }
}
