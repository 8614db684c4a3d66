package dev.weft.gateway.engine;

import dev.weft.engine.api.UnitException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Runs one named query the way every SQL conversion module does: prepared,
 * arguments bound as strings, timeout and row cap set, in a read-only
 * transaction that is always rolled back, and failures sorted into a stable code
 * for the chain or a unit fault ({@link SqlFailures}).
 */
final class SqlModuleQueries {
    /** Where connections come from (a pool, a DuckDB database). */
    interface Connections {
        Connection open() throws SQLException;
    }

    private SqlModuleQueries() {
    }

    static byte[] run(Connections connections, SqlQuery query, RowsShape shape) throws SQLException, UnitException {
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
                        return shape.read(rows, query.name(), query.maxRows());
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
