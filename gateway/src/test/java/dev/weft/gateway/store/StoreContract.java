package dev.weft.gateway.store;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Base of the behaviour tests that every backend must pass: a fresh store per test. */
abstract class StoreContract {
    @TempDir
    protected Path tempDir;
    protected StoreBackend backend;
    protected GatewayStore store;

    protected abstract StoreBackend newBackend(Path dir) throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        backend = newBackend(tempDir);
        store = backend.open();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    /** Closes the store and opens it again on the same database, as a restarted gateway would. */
    protected GatewayStore reopen() {
        store.close();
        store = backend.open();
        return store;
    }
}
