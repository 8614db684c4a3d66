package dev.weft.gateway.store;

import com.google.protobuf.ByteString;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL of the task list (S0.1), one statement per operation. */
final class TaskListTable {
    private static final String COLUMNS = "task_id, subtask_id, attempt, subtask, send_mode, block_number, created_at, "
            + "updated_at";
    private static final String BY_KEY = " WHERE task_id = ? AND subtask_id = ? AND attempt = ?";

    private TaskListTable() {
    }

    /** Inserts {@code entry} unless its key is already there; true if it was inserted. */
    static boolean insertIfAbsent(Connection connection, TaskEntry entry) throws SQLException {
        String sql = "INSERT INTO task_list (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (task_id, subtask_id, attempt) DO NOTHING";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int i = Keys.bind(statement, 1, entry.key());
            statement.setBytes(i++, entry.subtask().toByteArray());
            statement.setString(i++, entry.sendMode().name());
            statement.setLong(i++, entry.blockNumber());
            statement.setLong(i++, entry.createdAt().toEpochMilli());
            statement.setLong(i, entry.updatedAt().toEpochMilli());
            return statement.executeUpdate() == 1;
        }
    }

    static List<TaskEntry> all(Connection connection) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM task_list"
                + " ORDER BY block_number, created_at, task_id, subtask_id, attempt";
        try (PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rows = statement.executeQuery()) {
            List<TaskEntry> entries = new ArrayList<>();
            while (rows.next()) {
                entries.add(read(rows));
            }
            return entries;
        }
    }

    static Optional<TaskEntry> find(Connection connection, TaskKey key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM task_list" + BY_KEY)) {
            Keys.bind(statement, 1, key);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(read(rows)) : Optional.empty();
            }
        }
    }

    /** Flags the entry for resending. */
    static boolean markResend(Connection connection, TaskKey key, Instant now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE task_list SET send_mode = ?, updated_at = ?" + BY_KEY)) {
            statement.setString(1, SendMode.RESEND.name());
            statement.setLong(2, now.toEpochMilli());
            Keys.bind(statement, 3, key);
            return statement.executeUpdate() == 1;
        }
    }

    static boolean delete(Connection connection, TaskKey key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("DELETE FROM task_list" + BY_KEY)) {
            Keys.bind(statement, 1, key);
            return statement.executeUpdate() == 1;
        }
    }

    private static TaskEntry read(ResultSet rows) throws SQLException {
        return new TaskEntry(
                Keys.read(rows),
                ByteString.copyFrom(rows.getBytes("subtask")),
                SendMode.valueOf(rows.getString("send_mode")),
                rows.getLong("block_number"),
                Instant.ofEpochMilli(rows.getLong("created_at")),
                Instant.ofEpochMilli(rows.getLong("updated_at")));
    }
}
