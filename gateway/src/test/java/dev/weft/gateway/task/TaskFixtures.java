package dev.weft.gateway.task;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Task views as {@code task:GetTask} returns them, and the repository's example definitions. */
final class TaskFixtures {
    static final String RUNNING_ID = "7d1e3c0b9a8f6e5d4c3b2a1908f7e6d5c4b3a2918f7e6d5c4b3a29180f7e6d5c";
    static final String FAILED_ID = "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";

    private TaskFixtures() {
    }

    /** three-org-sales, RUNNING: two sums done, org3-total READY again after a timeout, total PENDING. */
    static TaskSnapshot running() {
        return TaskSnapshot.parse(resource("running-task.json"));
    }

    /** hash-check, FAILED: three participants, Org2MSP's digest differs from the other two. */
    static TaskSnapshot failed() {
        return TaskSnapshot.parse(resource("failed-task.json"));
    }

    static String resource(String name) {
        try (InputStream in = TaskFixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String example(String name) {
        String repo = System.getProperty("weft.repo");
        Path root = repo != null ? Path.of(repo) : Path.of("..").toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("examples"))) {
            root = root.getParent();
        }
        try {
            return Files.readString(root.resolve("examples/tasks").resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
