package dev.weft.gateway.engine;

import dev.weft.engine.api.UnitException;
import java.util.Locale;
import java.util.Set;

/**
 * The check of every named query when an engine loads it ({@link NamedQueries}): one statement, a query
 * ({@code SELECT} or {@code WITH … SELECT}), and none of the words that change
 * data or schema outside string literals, quoted names and comments. The
 * database's rights are the second guard: the embedded database answers
 * queries as a user that may only read, and an engine refuses to start with a
 * JDBC user that can write ({@link WritableUserCheck}).
 */
final class ReadOnlySql {
    private static final Set<String> FORBIDDEN = Set.of("INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT",
            "CREATE", "DROP", "ALTER", "TRUNCATE", "GRANT", "REVOKE", "CALL", "EXECUTE", "EXEC", "COPY", "SET",
            "SHUTDOWN", "BACKUP", "SCRIPT", "RUNSCRIPT", "LOCK", "COMMIT", "ROLLBACK", "INTO", "ATTACH", "PRAGMA");

    private ReadOnlySql() {
    }

    static void check(String sql) throws UnitException {
        String code = codeOnly(sql);
        int semicolon = code.indexOf(';');
        if (semicolon >= 0 && !code.substring(semicolon + 1).isBlank()) {
            throw new UnitException("only one SQL statement is allowed");
        }
        String[] words = code.replace(';', ' ').trim().split("[^A-Za-z0-9_]+");
        String first = words.length == 0 ? "" : words[0].toUpperCase(Locale.ROOT);
        if (!first.equals("SELECT") && !first.equals("WITH")) {
            throw new UnitException("only read-only queries (SELECT, WITH … SELECT) are allowed, not '%s'", first);
        }
        for (String word : words) {
            if (FORBIDDEN.contains(word.toUpperCase(Locale.ROOT))) {
                throw new UnitException("read-only queries may not use %s", word.toUpperCase(Locale.ROOT));
            }
        }
    }

    /** How many {@code ?} placeholders the statement has outside literals, quoted names and comments. */
    static int placeholders(String sql) throws UnitException {
        return (int) codeOnly(sql).chars().filter(c -> c == '?').count();
    }

    /** The statement with literals, quoted names and comments blanked out. */
    private static String codeOnly(String sql) throws UnitException {
        StringBuilder code = new StringBuilder(sql.length());
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                int end = closing(sql, i + 1, c);
                code.append(' ');
                i = end + 1;
            } else if (sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                code.append(' ');
                i = end < 0 ? sql.length() : end + 1;
            } else if (sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new UnitException("unterminated comment in SQL");
                }
                code.append(' ');
                i = end + 2;
            } else {
                code.append(c);
                i++;
            }
        }
        return code.toString();
    }

    private static int closing(String sql, int from, char quote) throws UnitException {
        int i = from;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2; // doubled quote inside a literal
                    continue;
                }
                return i;
            }
            i++;
        }
        throw new UnitException("unterminated %s in SQL", quote == '\'' ? "string literal" : "quoted name");
    }
}
