package dev.weft.gateway.cli;

import dev.weft.gateway.store.GatewayStore;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * {@code --data DIR | --store-url URL}: which gateway store a command reads,
 * the data folder of a gateway (its embedded SQLite file) or the JDBC URL it
 * was started with. An existing store is required: nothing is created.
 */
public final class StoreOptions {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Location location;

    static final class Location {
        @Option(names = "--data", paramLabel = "DIR", description = "Data folder of the gateway (its SQLite store).")
        Path data;

        @Option(names = "--store-url", paramLabel = "URL",
                description = "JDBC URL of the gateway's store, as given to 'weft gateway run --store-url'.")
        String url;
    }

    /** Opens the store these options name. */
    GatewayStore open() {
        if (location.url != null) {
            return GatewayStore.open(location.url);
        }
        Path file = location.data.resolve(GatewayStore.SQLITE_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no gateway store in " + location.data + " (expected "
                    + GatewayStore.SQLITE_FILE + ")");
        }
        return GatewayStore.openSqlite(location.data);
    }
}
