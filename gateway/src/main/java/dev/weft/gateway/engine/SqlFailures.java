package dev.weft.gateway.engine;

import dev.weft.engine.api.UnitException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a database that failed (a unit fault: reschedule, S0.9) from a query
 * that is wrong (syntax, rights, data: the task's failure). The database's
 * message stays in the engine's log: it can quote the organisation's data or
 * schema, so the failure that goes on chain carries only a stable code, the
 * query's name and the SQLState (issue 9 item 3).
 */
final class SqlFailures {
    private static final Logger LOG = LoggerFactory.getLogger(SqlFailures.class);
    /** H2: database closed, in use by another process, shutting down. */
    private static final Set<Integer> H2_UNAVAILABLE = Set.of(90020, 90098, 90121);

    private SqlFailures() {
    }

    /** Returns the query's failure to throw, or rethrows the database's own. */
    static UnitException classify(String query, SQLException e) throws SQLException {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException
                || e instanceof SQLNonTransientConnectionException || state.startsWith("08")
                || state.startsWith("57P") || H2_UNAVAILABLE.contains(e.getErrorCode())) {
            // 57P01-57P03: the server was shut down or the backend terminated (pg_terminate_backend): the
            // database failed, not the query
            throw e;
        }
        if (state.equals("57014")) {
            LOG.warn("named query {} was cancelled (SQLState 57014, timeout): {}", query, e.getMessage());
            return new UnitException(UnitException.coded("QUERY_TIMEOUT", "named query '%s' ran past its time "
                    + "(parameter 'timeout-seconds')", query).getMessage(), e);
        }
        LOG.warn("named query {} failed: SQLState {}, vendor code {}: {}", query, state, e.getErrorCode(),
                e.getMessage());
        return new UnitException(UnitException.coded("QUERY_FAILED", "named query '%s' failed (SQLState %s); the "
                + "engine's log has the database's message", query, state.isEmpty() ? "none" : state).getMessage(), e);
    }
}
