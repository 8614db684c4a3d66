package dev.weft.gateway.engine;

import dev.weft.engine.api.UnitException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Runs one named query the way every SQL unit does (the conversion modules and the
 * built-in sql and aggregate units): prepared,
 * arguments bound as strings, timeout and row cap set, in a read-only
 * transaction that is always rolled back, and failures sorted into a stable code
 * for the chain or a unit fault ({@link SqlFailures}).
 */
final class SqlModuleQueries {
    /** Where connections come from (a pool, a DuckDB database). */
    interface Connections {
        Connection open() throws SQLException;
    }

    /** What is made of the rows a query returned. */
    interface RowReader<T> {
        T read(ResultSet rows) throws SQLException, UnitException;
    }

    private SqlModuleQueries() {
    }

    static byte[] run(Connections connections, SqlQuery query, RowsShape shape) throws SQLException, UnitException {
        return run(connections, query, rows -> shape.read(rows, query.name(), query.maxRows()));
    }

    static <T> T run(Connections connections, SqlQuery query, RowReader<T> reader) throws SQLException, UnitException {
        try (Connection c = connections.open()) {
            try {
                if (c.getAutoCommit()) {
                    c.setAutoCommit(false);
                }
                try (PreparedStatement statement = c.prepareStatement(query.sql())) {
                    statement.setQueryTimeout(query.timeoutSeconds());
                    statement.setMaxRows(query.maxRows() + 1);
                    for (int i = 0; i < query.args().size(); i++) {
                        statement.setString(i + 1, query.args().get(i));
                    }
                    try (ResultSet rows = statement.executeQuery()) {
                        return reader.read(rows);
                    }
                }
            } finally {
                try {
                    c.rollback();
                } catch (SQLException closedAlready) {
                    // the connection is gone; the pool drops it
                }
            }
        } catch (SQLException e) {
            throw SqlFailures.classify(query.name(), e);
        }
    }
}
