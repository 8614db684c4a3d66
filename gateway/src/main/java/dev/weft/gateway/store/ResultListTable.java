package dev.weft.gateway.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL of the result list (S0.11), one statement per operation. */
final class ResultListTable {
    private static final String COLUMNS =
            "task_id, subtask_id, attempt, digest, result_value, unit, created_at, manifest_json";
    private static final String BY_KEY = " WHERE task_id = ? AND subtask_id = ? AND attempt = ?";

    private ResultListTable() {
    }

    static boolean insertIfAbsent(Connection connection, ResultEntry result) throws SQLException {
        String sql = "INSERT INTO result_list (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (task_id, subtask_id, attempt) DO NOTHING";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int i = Keys.bind(statement, 1, result.key());
            statement.setString(i++, result.digest());
            statement.setBytes(i++, result.value());
            statement.setString(i++, result.unit());
            statement.setLong(i++, result.createdAt().toEpochMilli());
            statement.setString(i, result.manifestJson());
            return statement.executeUpdate() == 1;
        }
    }

    static Optional<ResultEntry> find(Connection connection, TaskKey key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM result_list" + BY_KEY)) {
            Keys.bind(statement, 1, key);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(read(rows)) : Optional.empty();
            }
        }
    }

    static List<ResultEntry> all(Connection connection) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM result_list ORDER BY created_at, task_id, subtask_id, attempt";
        try (PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rows = statement.executeQuery()) {
            List<ResultEntry> results = new ArrayList<>();
            while (rows.next()) {
                results.add(read(rows));
            }
            return results;
        }
    }

    static boolean delete(Connection connection, TaskKey key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("DELETE FROM result_list" + BY_KEY)) {
            Keys.bind(statement, 1, key);
            return statement.executeUpdate() == 1;
        }
    }

    private static ResultEntry read(ResultSet rows) throws SQLException {
        return new ResultEntry(
                Keys.read(rows),
                rows.getString("digest"),
                rows.getBytes("result_value"),
                rows.getString("unit"),
                Instant.ofEpochMilli(rows.getLong("created_at")),
                rows.getString("manifest_json"));
    }
}
