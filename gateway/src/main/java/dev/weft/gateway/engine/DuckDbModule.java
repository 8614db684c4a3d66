package dev.weft.gateway.engine;

import dev.weft.engine.api.ComputeUnit;
import dev.weft.engine.api.ConversionModule;
import dev.weft.engine.api.ModuleConfigException;
import dev.weft.engine.api.ModuleContext;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Conversion module {@code duckdb}: DuckDB in the engine's process over CSV and
 * Parquet files the organisation keeps ({@link DuckDbUnit}).
 *
 * <pre>
 * engines:
 *   - name: sales-files
 *     module: duckdb
 *     operations: [duck-totals, duck-sum]
 *     duckdb:
 *       tables:
 *         sales: {path: data/sales.csv}           # format from the extension, or format: csv | parquet
 *         orders: {path: data/orders.parquet}
 *       queries:
 *         region-totals: "SELECT region, sum(amount) AS total FROM sales GROUP BY region ORDER BY region"
 *         amounts: "SELECT amount FROM sales"
 *       results: {duck-totals: {query: region-totals}, duck-sum: {query: amounts, shape: sum}}
 *       dataDir: .run/duckdb                       # the catalogue of views (default: a folder beside the file)
 *       threads: 2
 *       memoryLimit: 512MB
 * </pre>
 */
public final class DuckDbModule implements ConversionModule {

    /** The {@code duckdb:} section. */
    public record Settings(Map<String, Table> tables, Map<String, String> queries, String queriesFile,
            Map<String, SqlOperation.Result> results, String dataDir, Integer threads, String memoryLimit) {
    }

    /** One file, seen as a table. */
    public record Table(String path, String format) {
    }

    @Override
    public String type() {
        return "duckdb";
    }

    @Override
    public ComputeUnit create(ModuleContext context) {
        return DuckDbUnit.start(settings(context));
    }

    static DuckDbUnit.Settings settings(ModuleContext context) {
        String where = "engines." + context.unitName() + ".duckdb";
        Settings s = context.settings(Settings.class);
        if (s.tables() == null || s.tables().isEmpty()) {
            throw new ModuleConfigException(where + ": 'tables' must name at least one file");
        }
        Path base = context.baseDirectory();
        Map<String, DuckDbUnit.Table> tables = new LinkedHashMap<>();
        s.tables().forEach((name, t) -> {
            if (t == null || t.path() == null) {
                throw new ModuleConfigException(where + ".tables." + name + ": 'path' is required");
            }
            Path path = base.resolve(t.path()).normalize();
            String format = t.format() != null ? t.format()
                    : path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet") ? "parquet" : "csv";
            try {
                tables.put(name, new DuckDbUnit.Table(path, format));
            } catch (IllegalArgumentException e) {
                throw new ModuleConfigException(where + ".tables." + name + ": " + e.getMessage());
            }
        });
        NamedQueries queries = SqlOperation.queries(where, s.queries(), s.queriesFile(), base);
        int threads = s.threads() == null ? 2 : s.threads();
        if (threads < 1 || threads > 64) {
            throw new ModuleConfigException(where + ".threads: 1..64");
        }
        Path dataDir = s.dataDir() != null ? base.resolve(s.dataDir()).normalize()
                : base.resolve(".run").resolve("duckdb");
        try {
            return new DuckDbUnit.Settings(context.unitName(), tables, queries,
                    SqlOperation.of(where, context.operations(), s.results(), queries), dataDir, threads,
                    s.memoryLimit());
        } catch (IllegalArgumentException e) {
            throw new ModuleConfigException(where + ": " + e.getMessage(), e);
        }
    }
}
