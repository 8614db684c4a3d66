package dev.weft.gateway.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.util.JsonFormat;
import dev.weft.gateway.json.Json;
import dev.weft.proto.task.v1.ReadySubtask;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Schema 3 (issue 10): the task list keeps each ready subtask as one serialized
 * {@code weft.task.v1.ReadySubtask} in column {@code subtask}, instead of its
 * operation, parameters, inputs, participants and collaborative flag in five
 * columns rebuilt into the protobuf on every read. Entries already in the list are
 * converted in place; the columns nothing reads any more (those five, the never
 * written dispatch state, engine and unit, and the result list's submitted
 * transaction) are dropped.
 */
final class V3__TaskListSubtaskValue extends BaseJavaMigration {
    private static final List<String> TASK_LIST_DROPPED = List.of("operation", "parameters_json", "inputs_json",
            "participants_json", "collaborative", "state", "engine", "unit");
    private final String binaryType;

    V3__TaskListSubtaskValue(String binaryType) {
        this.binaryType = binaryType;
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        try (Statement st = c.createStatement()) {
            st.execute("ALTER TABLE task_list ADD COLUMN subtask " + binaryType);
        }
        ObjectMapper json = Json.PLAIN.mapper();
        try (PreparedStatement select = c.prepareStatement("SELECT task_id, subtask_id, attempt, operation, "
                + "parameters_json, inputs_json, participants_json, collaborative FROM task_list");
                PreparedStatement update = c.prepareStatement(
                        "UPDATE task_list SET subtask = ? WHERE task_id = ? AND subtask_id = ? AND attempt = ?");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                ObjectNode node = json.createObjectNode().put("taskId", rows.getString(1))
                        .put("subtaskId", rows.getString(2)).put("attempt", rows.getInt(3))
                        .put("operation", rows.getString(4)).put("collaborative", rows.getInt(8) != 0);
                node.set("parameters", json.readTree(rows.getString(5)));
                node.set("inputs", json.readTree(rows.getString(6)));
                node.set("participants", json.readTree(rows.getString(7)));
                ReadySubtask.Builder s = ReadySubtask.newBuilder();
                JsonFormat.parser().ignoringUnknownFields().merge(json.writeValueAsString(node), s);
                update.setBytes(1, s.build().toByteArray());
                update.setString(2, rows.getString(1));
                update.setString(3, rows.getString(2));
                update.setInt(4, rows.getInt(3));
                update.executeUpdate();
            }
        }
        try (Statement st = c.createStatement()) {
            for (String column : TASK_LIST_DROPPED) {
                st.execute("ALTER TABLE task_list DROP COLUMN " + column);
            }
            st.execute("ALTER TABLE result_list DROP COLUMN submitted_tx_id");
        }
    }
}
