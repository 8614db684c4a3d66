package dev.weft.gateway.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL of the dead-letter list: poison events set aside for inspection and replay. */
final class DeadLetterTable {
    private static final String COLUMNS =
            "block_number, transaction_id, event_name, payload, error, attempts, created_at";

    private DeadLetterTable() {
    }

    /** Inserts {@code letter} and returns the id the database gave it. */
    static long insert(Connection connection, DeadLetter letter) throws SQLException {
        String sql = "INSERT INTO dead_letter (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement statement = connection.prepareStatement(sql, new String[] {"id"})) {
            statement.setLong(1, letter.blockNumber());
            statement.setString(2, letter.txId());
            statement.setString(3, letter.eventName());
            statement.setBytes(4, letter.payload());
            statement.setString(5, letter.error());
            statement.setInt(6, letter.attempts());
            statement.setLong(7, letter.createdAt().toEpochMilli());
            statement.executeUpdate();
            try (ResultSet keys = statement.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("the database returned no id for the dead letter");
                }
                return keys.getLong(1);
            }
        }
    }

    static List<DeadLetter> all(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT id, " + COLUMNS + " FROM dead_letter ORDER BY id");
             ResultSet rows = statement.executeQuery()) {
            List<DeadLetter> letters = new ArrayList<>();
            while (rows.next()) {
                letters.add(read(rows));
            }
            return letters;
        }
    }

    static Optional<DeadLetter> find(Connection connection, long id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT id, " + COLUMNS + " FROM dead_letter WHERE id = ?")) {
            statement.setLong(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(read(rows)) : Optional.empty();
            }
        }
    }

    static boolean delete(Connection connection, long id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("DELETE FROM dead_letter WHERE id = ?")) {
            statement.setLong(1, id);
            return statement.executeUpdate() == 1;
        }
    }

    private static DeadLetter read(ResultSet rows) throws SQLException {
        return new DeadLetter(
                rows.getLong("id"),
                rows.getLong("block_number"),
                rows.getString("transaction_id"),
                rows.getString("event_name"),
                rows.getBytes("payload"),
                rows.getString("error"),
                rows.getInt("attempts"),
                Instant.ofEpochMilli(rows.getLong("created_at")));
    }
}
