package dev.weft.gateway.engine;

import dev.weft.engine.api.ComputeUnit;
import dev.weft.engine.api.ConversionModule;
import dev.weft.engine.api.ModuleConfigException;
import dev.weft.engine.api.ModuleContext;
import dev.weft.engine.api.SecretRef;
import java.util.Map;

/**
 * Conversion module {@code jdbc}: a SQL database server the organisation already
 * runs, reached over JDBC through a connection pool ({@link JdbcUnit}).
 *
 * <pre>
 * engines:
 *   - name: sales-db
 *     module: jdbc
 *     operations: [pg-sum, pg-rows]
 *     timeout: 60s
 *     jdbc:
 *       url: jdbc:postgresql://db.org2.internal:5432/sales
 *       user: weft_reader
 *       password: {file: secrets/sales-db.password}     # or {env: SALES_DB_PASSWORD}; never inline
 *       pool: {maxSize: 4, connectionTimeoutMs: 5000}
 *       queries: {sales-amounts: "SELECT amount FROM sales ORDER BY id"}
 *       queriesFile: queries/sales.json                   # more queries, a JSON object name → SQL
 *       results: {pg-sum: {query: sales-amounts, shape: sum}}
 *       allowWritableUser: false
 * </pre>
 */
public final class JdbcModule implements ConversionModule {

    /** The {@code jdbc:} section. */
    public record Settings(String url, String user, SecretRef password, Pool pool, Map<String, String> queries,
            String queriesFile, Map<String, SqlOperation.Result> results, Boolean allowWritableUser) {
    }

    /** Pool size and how long a subtask waits for a connection. */
    public record Pool(Integer maxSize, Integer connectionTimeoutMs) {
    }

    @Override
    public String type() {
        return "jdbc";
    }

    @Override
    public ComputeUnit create(ModuleContext context) {
        return JdbcUnit.start(settings(context));
    }

    static JdbcUnit.Settings settings(ModuleContext context) {
        String where = "engines." + context.unitName() + ".jdbc";
        Settings s;
        try {
            s = context.settings(Settings.class);
        } catch (ModuleConfigException e) {
            if (String.valueOf(e.getMessage()).contains("SecretRef")) {
                // the binder's message quotes the value it could not bind: never show a secret
                throw new ModuleConfigException(where + ".password: give {file: …} or {env: …}; a password is "
                        + "never written inline");
            }
            throw e;
        }
        if (s.url() == null) {
            throw new ModuleConfigException(where + ": 'url' is required");
        }
        NamedQueries queries = SqlOperation.queries(where, s.queries(), s.queriesFile(), context.baseDirectory());
        int maxSize = s.pool() == null || s.pool().maxSize() == null ? 4 : s.pool().maxSize();
        int wait = s.pool() == null || s.pool().connectionTimeoutMs() == null ? 5000 : s.pool().connectionTimeoutMs();
        if (maxSize < 1 || maxSize > 64 || wait < 250 || wait > 600_000) {
            throw new ModuleConfigException(where + ".pool: maxSize 1..64, connectionTimeoutMs 250..600000");
        }
        try {
            return new JdbcUnit.Settings(context.unitName(), s.url(), s.user(),
                    s.password() == null ? null : context.secret(s.password()), maxSize, wait, queries,
                    SqlOperation.of(where, context.operations(), s.results(), queries),
                    Boolean.TRUE.equals(s.allowWritableUser()));
        } catch (IllegalArgumentException e) {
            throw new ModuleConfigException(where + ": " + e.getMessage(), e);
        }
    }
}
