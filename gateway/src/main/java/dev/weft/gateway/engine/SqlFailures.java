package dev.weft.gateway.engine;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Tells a database that failed (a unit fault: reschedule, S0.9) from a query
 * that is wrong (syntax, rights, data: the task's failure).
 */
final class SqlFailures {
    /** H2: database closed, in use by another process, shutting down. */
    private static final Set<Integer> H2_UNAVAILABLE = Set.of(90020, 90098, 90121);

    private SqlFailures() {
    }

    /** Returns the query's failure to throw, or rethrows the database's own. */
    static UnitException classify(SQLException e) throws SQLException {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException
                || e instanceof SQLNonTransientConnectionException || state.startsWith("08")
                || H2_UNAVAILABLE.contains(e.getErrorCode())) {
            throw e;
        }
        return new UnitException("query failed: " + e.getMessage(), e);
    }
}
