package dev.weft.gateway.engine;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's local data: table {@code sales(id, region, amount)} with five rows
 * per organisation, the same on every run. Organisation {@code orgK} (any name
 * whose first number is K, e.g. {@code org2}, {@code Org2MSP}) gets regions
 * north, south, east, west, central with amounts {@code 100K+25}, {@code 100K+50},
 * … {@code 100K+125}: sum {@code 500K+375}, mean {@code 100K+75}. Org1, Org2 and
 * Org3 together sum to 4125 over 15 rows.
 *
 * <pre>{@code
 * DemoData.seed(database, "org1");   // rows 1..5 replaced, other rows kept
 * }</pre>
 */
final class DemoData {
    private static final Logger LOG = LoggerFactory.getLogger(DemoData.class);
    private static final List<String> REGIONS = List.of("north", "south", "east", "west", "central");
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    private DemoData() {
    }

    /** Writes the organisation's demo rows; returns how many. */
    static int seed(LocalDatabase database, String organisation) {
        int k = organisationNumber(organisation);
        try (Connection c = database.owner()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS sales (id INT PRIMARY KEY, region VARCHAR(32) NOT NULL,"
                        + " amount DECIMAL(12,2) NOT NULL)");
                s.executeUpdate("DELETE FROM sales WHERE id BETWEEN 1 AND " + REGIONS.size());
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO sales (id, region, amount) VALUES (?, ?, ?)")) {
                for (int i = 1; i <= REGIONS.size(); i++) {
                    insert.setInt(1, i);
                    insert.setString(2, REGIONS.get(i - 1));
                    insert.setBigDecimal(3, BigDecimal.valueOf(100L * k + 25L * i));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot seed demo data into " + database, e);
        }
        LOG.info("seeded {} demo rows for {} (org number {}) into {}", REGIONS.size(), organisation, k, database);
        return REGIONS.size();
    }

    static int organisationNumber(String organisation) {
        Matcher m = NUMBER.matcher(organisation);
        if (!m.find()) {
            throw new IllegalArgumentException("demo organisation must carry a number, like org1: " + organisation);
        }
        return Integer.parseInt(m.group());
    }
}
