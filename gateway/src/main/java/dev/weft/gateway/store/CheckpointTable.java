package dev.weft.gateway.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * SQL of the event checkpoints (S0.3): per named stream, the block to resume at
 * and, if set, the last transaction of that block already handled.
 */
final class CheckpointTable {
    /** A stored checkpoint; {@code transactionId} is null when the whole block is still to come. */
    record Position(long blockNumber, String transactionId) {
    }

    private static final String UPSERT = "INSERT INTO event_checkpoint (stream, block_number, transaction_id,"
            + " updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (stream) DO UPDATE SET"
            + " block_number = excluded.block_number, transaction_id = excluded.transaction_id,"
            + " updated_at = excluded.updated_at";

    private CheckpointTable() {
    }

    static Optional<Position> find(Connection connection, String stream) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT block_number, transaction_id FROM event_checkpoint WHERE stream = ?")) {
            statement.setString(1, stream);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next()
                        ? Optional.of(new Position(rows.getLong(1), rows.getString(2)))
                        : Optional.empty();
            }
        }
    }

    /** Sets the checkpoint of {@code stream}, wherever it was. */
    static void save(Connection connection, String stream, Position position, Instant now) throws SQLException {
        upsert(connection, UPSERT, stream, position, now);
    }

    /** Sets the checkpoint of {@code stream} unless it already stands at a later block. */
    static void advance(Connection connection, String stream, Position position, Instant now)
            throws SQLException {
        upsert(connection, UPSERT + " WHERE event_checkpoint.block_number <= excluded.block_number",
                stream, position, now);
    }

    private static void upsert(Connection connection, String sql, String stream, Position position, Instant now)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, stream);
            statement.setLong(2, position.blockNumber());
            statement.setString(3, position.transactionId());
            statement.setLong(4, now.toEpochMilli());
            statement.executeUpdate();
        }
    }
}
