package dev.weft.gateway.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** How a {@link TaskKey} maps to the (task_id, subtask_id, attempt) columns. */
final class Keys {
    private Keys() {
    }

    /** Binds the key from parameter {@code first} on; returns the next free parameter index. */
    static int bind(PreparedStatement statement, int first, TaskKey key) throws SQLException {
        statement.setString(first, key.taskId());
        statement.setString(first + 1, key.subtaskId());
        statement.setInt(first + 2, key.attempt());
        return first + 3;
    }

    static TaskKey read(ResultSet rows) throws SQLException {
        return new TaskKey(rows.getString("task_id"), rows.getString("subtask_id"), rows.getInt("attempt"));
    }
}
