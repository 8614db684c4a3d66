package dev.weft.gateway.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connections and transactions for the store. SQLite gets one connection that the
 * threads take turns on (SQLite has one writer anyway); PostgreSQL gets a
 * connection per concurrent call, keeping a few idle ones for reuse. Every unit of
 * work runs in one transaction: committed as a whole or rolled back as a whole.
 */
final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final int IDLE_CONNECTIONS = 4;
    /** An idle PostgreSQL connection older than this is checked before use (the server may have restarted). */
    private static final long VALIDATE_AFTER_NANOS = 30_000_000_000L;
    private static final int VALIDATE_TIMEOUT_SECONDS = 5;

    /** A unit of work on a connection inside a transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** A PostgreSQL connection waiting for reuse, since when. */
    private record Idle(Connection connection, long since) {
    }

    private final Vendor vendor;
    private final DataSource dataSource;
    private final String maskedUrl;
    private final ReentrantLock sqliteTurn = new ReentrantLock();
    private final BlockingQueue<Idle> idle = new ArrayBlockingQueue<>(IDLE_CONNECTIONS);
    private final LongAdder writes = new LongAdder();
    private final LongAdder writeNanos = new LongAdder();
    private Connection sqliteConnection; // guarded by sqliteTurn
    private volatile boolean closed;

    Database(Vendor vendor, DataSource dataSource, String maskedUrl) {
        this.vendor = vendor;
        this.dataSource = dataSource;
        this.maskedUrl = maskedUrl;
    }

    /** Runs {@code work} as one transaction and counts it as a store write. */
    <T> T write(String what, Work<T> work) {
        long start = System.nanoTime();
        try {
            return transaction(what, work);
        } finally {
            writes.increment();
            writeNanos.add(System.nanoTime() - start);
        }
    }

    /** Runs {@code work} as one (read) transaction. */
    <T> T read(String what, Work<T> work) {
        return transaction(what, work);
    }

    StoreStats stats() {
        return new StoreStats(writes.sum(), writeNanos.sum());
    }

    private <T> T transaction(String what, Work<T> work) {
        Connection connection = acquire(what);
        boolean healthy = true;
        try {
            T result = work.run(connection);
            connection.commit();
            return result;
        } catch (SQLException e) {
            healthy = rollback(connection);
            throw new StoreException(what + " failed on " + maskedUrl + ": " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            healthy = rollback(connection);
            throw e;
        } finally {
            release(connection, healthy);
        }
    }

    private Connection acquire(String what) {
        if (closed) {
            throw new StoreException(what + " failed: the store is closed");
        }
        try {
            if (vendor == Vendor.SQLITE) {
                sqliteTurn.lock();
                try {
                    if (sqliteConnection == null || sqliteConnection.isClosed()) {
                        sqliteConnection = open();
                    }
                    return sqliteConnection;
                } catch (SQLException | RuntimeException e) {
                    sqliteTurn.unlock();
                    throw e;
                }
            }
            for (Idle pooled = idle.poll(); pooled != null; pooled = idle.poll()) {
                if (System.nanoTime() - pooled.since() < VALIDATE_AFTER_NANOS
                        || pooled.connection().isValid(VALIDATE_TIMEOUT_SECONDS)) {
                    return pooled.connection();
                }
                closeQuietly(pooled.connection());
            }
            return open();
        } catch (SQLException e) {
            throw new StoreException(what + " failed: cannot connect to " + maskedUrl + ": " + e.getMessage(), e);
        }
    }

    private Connection open() throws SQLException {
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(false);
        return connection;
    }

    private void release(Connection connection, boolean healthy) {
        if (vendor == Vendor.SQLITE) {
            try {
                if (!healthy || closed) {
                    closeQuietly(connection);
                    sqliteConnection = null;
                }
            } finally {
                sqliteTurn.unlock();
            }
        } else if (!healthy || closed || !idle.offer(new Idle(connection, System.nanoTime()))) {
            closeQuietly(connection);
        }
    }

    /** Rolls back; false if even that failed, so the connection is not to be used again. */
    private static boolean rollback(Connection connection) {
        try {
            connection.rollback();
            return true;
        } catch (SQLException e) {
            LOG.warn("rollback failed; dropping the connection: {}", e.getMessage());
            return false;
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("closing a store connection failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        closed = true;
        sqliteTurn.lock();
        try {
            if (sqliteConnection != null) {
                closeQuietly(sqliteConnection);
                sqliteConnection = null;
            }
        } finally {
            sqliteTurn.unlock();
        }
        for (Idle pooled = idle.poll(); pooled != null; pooled = idle.poll()) {
            closeQuietly(pooled.connection());
        }
    }
}
