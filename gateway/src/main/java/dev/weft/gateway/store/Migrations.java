package dev.weft.gateway.store;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

/** Brings the store's schema up to date with Flyway; safe to run on every open. */
final class Migrations {
    static final String LOCATION = "classpath:dev/weft/gateway/store/migration";
    /** Our own history table, so the store can share a database with other Flyway users. */
    static final String HISTORY_TABLE = "weft_store_schema_history";

    private Migrations() {
    }

    /**
     * Applies pending migrations and returns the schema version now in place.
     *
     * @throws StoreException if the database cannot be reached or migrated
     */
    static String apply(DataSource dataSource, Vendor vendor, String maskedUrl) {
        try {
            MigrateResult result = Flyway.configure(Migrations.class.getClassLoader())
                    .dataSource(dataSource)
                    .locations(LOCATION)
                    .table(HISTORY_TABLE)
                    .placeholders(vendor.placeholders())
                    .javaMigrations(new V3__TaskListSubtaskValue(vendor.placeholders().get("binary")))
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
            return result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
        } catch (FlywayException e) {
            throw new StoreException("cannot open the store at " + maskedUrl + ": " + e.getMessage(), e);
        }
    }
}
