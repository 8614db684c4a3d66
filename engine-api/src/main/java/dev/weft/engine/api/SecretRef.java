package dev.weft.engine.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;

/**
 * A credential named by reference, never written inline in a configuration:
 * {@code {env: PG_PASSWORD}} (an environment variable of the engine's process) or
 * {@code {file: secrets/pg-password}} (a file, relative to the configuration's
 * folder; one trailing newline dropped). Exactly one of the two is set.
 * {@link #toString()} never shows the value.
 */
public record SecretRef(String env, String file) {

    public SecretRef {
        if ((env == null) == (file == null)) {
            throw new IllegalArgumentException("a secret names exactly one of 'env' or 'file'");
        }
        if (env != null && !env.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("'" + env + "' is not an environment variable name");
        }
    }

    public static SecretRef env(String variable) {
        return new SecretRef(variable, null);
    }

    public static SecretRef file(String path) {
        return new SecretRef(null, path);
    }

    /** The secret's value; relative files are read from {@code baseDirectory}. */
    public String resolve(Path baseDirectory) {
        return resolve(baseDirectory, System::getenv);
    }

    /** As {@link #resolve(Path)}, with the environment given (tests). */
    public String resolve(Path baseDirectory, Function<String, String> environment) {
        if (env != null) {
            String value = environment.apply(env);
            if (value == null) {
                throw new ModuleConfigException("environment variable " + env + " is not set");
            }
            return value;
        }
        Path path = baseDirectory.resolve(file);
        try {
            String value = Files.readString(path, StandardCharsets.UTF_8);
            return value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
        } catch (IOException e) {
            throw new UncheckedIOException("secret file " + path + " cannot be read", e);
        }
    }

    @Override
    public String toString() {
        return env != null ? "secret(env " + env + ")" : "secret(file " + Objects.toString(file) + ")";
    }
}
