package dev.weft.gateway.engine.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.weft.gateway.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The table formats a standard engine converts between when it hands an item to an
 * engine that reads another one (S1.10 relay): {@code json-rows} (a JSON array of flat
 * objects), {@code csv} (a header line, then rows; Jackson's CSV module) and
 * {@code arrow} (an Arrow IPC stream of one record batch; Apache Arrow's Java library).
 * Columns are the union of the rows' keys in first-seen order; a column's type is
 * whole numbers (64-bit), numbers (double), booleans or text, read from its values
 * (CSV cells that all parse as one of those are taken as it); a missing value is null.
 *
 * <pre>{@code
 * byte[] csv = Formats.convert(rowsJson, "json-rows", "csv");
 * byte[] arrow = Formats.convert(csv, "csv", "arrow");
 * }</pre>
 */
public final class Formats {
    private static final ObjectMapper JSON = Json.PLAIN.mapper();
    private static final CsvMapper CSV = new CsvMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private enum Type { LONG, DOUBLE, BOOL, TEXT }

    private Formats() {
    }

    /** {@code data} in {@code from} re-encoded as {@code to}; the same bytes when both are equal. */
    public static byte[] convert(byte[] data, String from, String to) {
        if (from.equals(to)) {
            return data;
        }
        List<ObjectNode> rows = switch (from) {
            case "json-rows" -> fromJson(data);
            case "csv" -> fromCsv(data);
            case "arrow" -> fromArrow(data);
            default -> throw new IllegalArgumentException("'" + from + "' is not a table format (json-rows, csv, arrow)");
        };
        return switch (to) {
            case "json-rows" -> toJson(rows);
            case "csv" -> toCsv(rows);
            case "arrow" -> toArrow(rows);
            default -> throw new IllegalArgumentException("'" + to + "' is not a table format (json-rows, csv, arrow)");
        };
    }

    static List<ObjectNode> fromJson(byte[] data) {
        try {
            JsonNode tree = JSON.readTree(data);
            if (tree == null || !tree.isArray()) {
                throw new IllegalArgumentException("json-rows is a JSON array of objects");
            }
            List<ObjectNode> rows = new ArrayList<>();
            for (JsonNode row : tree) {
                if (!row.isObject()) {
                    throw new IllegalArgumentException("json-rows is a JSON array of objects");
                }
                row.fields().forEachRemaining(f -> {
                    if (f.getValue().isContainerNode()) {
                        throw new IllegalArgumentException("column '" + f.getKey() + "' holds a nested value");
                    }
                });
                rows.add((ObjectNode) row);
            }
            return rows;
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
    }

    static byte[] toJson(List<ObjectNode> rows) {
        ArrayNode out = NODES.arrayNode();
        rows.forEach(out::add);
        try {
            return JSON.writeValueAsBytes(out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<ObjectNode> fromCsv(byte[] data) {
        List<Map<String, String>> raw = new ArrayList<>();
        List<String> header;
        try (var it = CSV.readerForMapOf(String.class).with(CsvSchema.emptySchema().withHeader())
                .with(CsvParser.Feature.FAIL_ON_MISSING_HEADER_COLUMNS).<Map<String, String>>readValues(data)) {
            while (it.hasNext()) {
                raw.add(it.next());
            }
            CsvSchema schema = (CsvSchema) it.getParser().getSchema();
            header = new ArrayList<>();
            schema.forEach(c -> header.add(c.getName()));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not CSV with a header: " + e.getMessage());
        }
        List<Type> types = new ArrayList<>();
        for (String column : header) {
            List<String> cells = raw.stream().map(r -> r.get(column)).filter(v -> v != null && !v.isEmpty()).toList();
            types.add(cellType(cells));
        }
        List<ObjectNode> rows = new ArrayList<>();
        for (Map<String, String> r : raw) {
            ObjectNode row = NODES.objectNode();
            for (int i = 0; i < header.size(); i++) {
                String cell = r.get(header.get(i));
                String column = header.get(i);
                if (cell == null || cell.isEmpty()) {
                    row.putNull(column);
                    continue;
                }
                switch (types.get(i)) {
                    case LONG -> row.put(column, Long.parseLong(cell));
                    case DOUBLE -> row.put(column, Double.parseDouble(cell));
                    case BOOL -> row.put(column, Boolean.parseBoolean(cell));
                    default -> row.put(column, cell);
                }
            }
            rows.add(row);
        }
        return rows;
    }

    private static Type cellType(List<String> cells) {
        if (cells.isEmpty()) {
            return Type.TEXT;
        }
        if (cells.stream().allMatch(c -> c.matches("-?(0|[1-9][0-9]{0,17})"))) {
            return Type.LONG;
        }
        if (cells.stream().allMatch(c -> c.matches("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?"))) {
            return Type.DOUBLE;
        }
        if (cells.stream().allMatch(c -> c.equals("true") || c.equals("false"))) {
            return Type.BOOL;
        }
        return Type.TEXT;
    }

    static byte[] toCsv(List<ObjectNode> rows) {
        List<String> columns = columns(rows);
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        columns.forEach(schema::addColumn);
        List<List<String>> cells = new ArrayList<>();
        for (ObjectNode row : rows) {
            List<String> line = new ArrayList<>();
            for (String c : columns) {
                JsonNode v = row.get(c);
                line.add(v == null || v.isNull() ? "" : v.asText());
            }
            cells.add(line);
        }
        try {
            return CSV.writer(schema.build()).writeValueAsBytes(cells);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] toArrow(List<ObjectNode> rows) {
        List<String> columns = columns(rows);
        List<Field> fields = new ArrayList<>();
        List<Type> types = new ArrayList<>();
        for (String c : columns) {
            Type t = jsonType(rows, c);
            types.add(t);
            ArrowType arrow = switch (t) {
                case LONG -> new ArrowType.Int(64, true);
                case DOUBLE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
                case BOOL -> ArrowType.Bool.INSTANCE;
                default -> ArrowType.Utf8.INSTANCE;
            };
            fields.add(new Field(c, FieldType.nullable(arrow), null));
        }
        try (BufferAllocator allocator = new RootAllocator();
             VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(fields), allocator)) {
            root.allocateNew();
            for (int i = 0; i < columns.size(); i++) {
                FieldVector vector = root.getVector(i);
                for (int r = 0; r < rows.size(); r++) {
                    JsonNode v = rows.get(r).get(columns.get(i));
                    if (v == null || v.isNull()) {
                        vector.setNull(r);
                        continue;
                    }
                    switch (types.get(i)) {
                        case LONG -> ((BigIntVector) vector).setSafe(r, v.asLong());
                        case DOUBLE -> ((Float8Vector) vector).setSafe(r, v.asDouble());
                        case BOOL -> ((BitVector) vector).setSafe(r, v.asBoolean() ? 1 : 0);
                        default -> ((VarCharVector) vector).setSafe(r, v.asText().getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
            root.setRowCount(rows.size());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ArrowStreamWriter writer = new ArrowStreamWriter(root, null, Channels.newChannel(out))) {
                writer.start();
                writer.writeBatch();
                writer.end();
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<ObjectNode> fromArrow(byte[] data) {
        List<ObjectNode> rows = new ArrayList<>();
        try (BufferAllocator allocator = new RootAllocator();
             ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(data), allocator)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            while (reader.loadNextBatch()) {
                for (int r = 0; r < root.getRowCount(); r++) {
                    ObjectNode row = NODES.objectNode();
                    for (FieldVector vector : root.getFieldVectors()) {
                        String name = vector.getName();
                        if (vector.isNull(r)) {
                            row.putNull(name);
                        } else if (vector instanceof BigIntVector v) {
                            row.put(name, v.get(r));
                        } else if (vector instanceof Float8Vector v) {
                            row.put(name, v.get(r));
                        } else if (vector instanceof BitVector v) {
                            row.put(name, v.get(r) == 1);
                        } else if (vector instanceof VarCharVector v) {
                            row.put(name, new String(v.get(r), StandardCharsets.UTF_8));
                        } else {
                            row.put(name, String.valueOf(vector.getObject(r)));
                        }
                    }
                    rows.add(row);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not an Arrow IPC stream: " + e.getMessage());
        }
        return rows;
    }

    private static Type jsonType(List<ObjectNode> rows, String column) {
        Set<Type> seen = new LinkedHashSet<>();
        for (ObjectNode row : rows) {
            JsonNode v = row.get(column);
            if (v == null || v.isNull()) {
                continue;
            }
            seen.add(v.isIntegralNumber() && v.canConvertToLong() ? Type.LONG : v.isNumber() ? Type.DOUBLE
                    : v.isBoolean() ? Type.BOOL : Type.TEXT);
        }
        if (seen.size() == 1) {
            return seen.iterator().next();
        }
        return seen.equals(Set.of(Type.LONG, Type.DOUBLE)) ? Type.DOUBLE : Type.TEXT;
    }

    private static List<String> columns(List<ObjectNode> rows) {
        Set<String> columns = new LinkedHashSet<>();
        rows.forEach(r -> r.fieldNames().forEachRemaining(columns::add));
        return List.copyOf(columns);
    }
}
