package dev.weft.gateway.engine.modules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.engine.api.ModuleConfigException;
import dev.weft.engine.api.SecretRef;
import dev.weft.gateway.engine.config.EngineFile;
import dev.weft.gateway.engine.config.ModuleRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("S1.6 engine configuration file: operations to modules, timeouts, credentials by reference only")
class EngineFileTest {
    @TempDir Path dir;

    private static final String ENTRY = """
            engines:
              - name: scoring
                module: http
                operations: [score, rank]
                timeout: 45s
                http: {url: "http://127.0.0.1:9/score", mode: sync, %s}
            """;

    @Test
    @DisplayName("S1.6 an entry maps its operations to a module's unit with its own timeout; modules are found "
            + "by registration (http, process)")
    void entriesBecomeUnits() {
        EngineFile file = EngineFile.parse(ENTRY.formatted("request: parameters"), dir);
        assertThat(file.entries()).singleElement().satisfies(e -> {
            assertThat(e.module()).isEqualTo("http");
            assertThat(e.operations()).containsExactly("rank", "score");
            assertThat(e.timeout()).isEqualTo(Duration.ofSeconds(45));
        });
        assertThat(ModuleRegistry.discover().types()).contains("http", "process");
        var units = ModuleRegistry.discover().units(file, null, null);
        assertThat(units).singleElement().satisfies(u -> {
            assertThat(u.name()).isEqualTo("scoring");
            assertThat(u.timeout()).contains(Duration.ofSeconds(45));
        });
    }

    @Test
    @DisplayName("S1.6 a credential written inline is refused; by environment variable or file it is read")
    void credentialsByReferenceOnly() throws Exception {
        assertThatThrownBy(() -> ModuleRegistry.discover().units(EngineFile.parse(
                ENTRY.formatted("secretHeaders: {X-Api-Key: hunter2}"), dir), null, null))
                .isInstanceOf(ModuleConfigException.class).hasMessageContaining("engines.scoring.http")
                .satisfies(e -> assertThat(java.util.stream.Stream.iterate(e, java.util.Objects::nonNull, Throwable::getCause)
                        .map(String::valueOf)).noneMatch(m -> m.contains("hunter2")));
        assertThatThrownBy(() -> ModuleRegistry.discover().units(EngineFile.parse(
                ENTRY.formatted("headers: {X-Api-Key: hunter2}"), dir), null, null))
                .isInstanceOf(ModuleConfigException.class).hasMessageContaining("secretHeaders");
        Files.writeString(dir.resolve("key"), "s3cret\n");
        assertThat(SecretRef.file("key").resolve(dir)).isEqualTo("s3cret");
        assertThat(SecretRef.env("API_KEY").resolve(dir, Map.of("API_KEY", "from-env")::get)).isEqualTo("from-env");
        assertThat(SecretRef.env("API_KEY").toString()).doesNotContain("from-env");
        assertThat(ModuleRegistry.discover().units(EngineFile.parse(
                ENTRY.formatted("secretHeaders: {X-Api-Key: {file: key}}"), dir), null, null)).hasSize(1);
    }

    @Test
    @DisplayName("S1.6 mistakes stop the engine at start with the setting named: unknown key, unknown module, "
            + "push without a callback endpoint, pull without a status URL")
    void mistakesAreNamed() {
        assertThatThrownBy(() -> EngineFile.parse(ENTRY.formatted("mode: sync") + "    color: red\n", dir))
                .isInstanceOf(ModuleConfigException.class).hasMessageContaining("color");
        assertThatThrownBy(() -> EngineFile.parse("engines:\n  - {name: x, module: http, operations: [a], "
                + "http: {}, timeout: soon}\n", dir)).hasMessageContaining("timeout");
        assertThatThrownBy(() -> ModuleRegistry.discover().units(EngineFile.parse(
                "engines:\n  - {name: x, module: cobol, operations: [a]}\n", dir), null, null))
                .hasMessageContaining("no conversion module 'cobol'");
        assertThatThrownBy(() -> ModuleRegistry.discover().units(EngineFile.parse(
                "engines:\n  - {name: x, module: http, operations: [a], http: {url: 'http://h/j', mode: push, "
                        + "statusUrl: 'http://h/j/{job}'}}\n", dir), null, null))
                .hasMessageContaining("callback endpoint");
        assertThatThrownBy(() -> ModuleRegistry.discover().units(EngineFile.parse(
                "engines:\n  - {name: x, module: http, operations: [a], http: {url: 'http://h/j', mode: pull}}\n",
                dir), null, null)).hasMessageContaining("statusUrl");
    }

    @Test
    @DisplayName("S1.10 mode steps of module http: the whole envelope only, a positive stepWait and maxSteps, "
            + "statusUrl not needed; module remote's exchange address must be host:port and its formats known")
    void stepsAndSidecarExchangeSettingsAreChecked() {
        String steps = "engines:\n  - {name: x, module: http, operations: [a], http: {url: 'http://h/s', mode: steps%s}}\n";
        assertThat(ModuleRegistry.discover().units(EngineFile.parse(steps.formatted(""), dir), null, null)).hasSize(1);
        assertThatThrownBy(() -> ModuleRegistry.discover().units(EngineFile.parse(
                steps.formatted(", request: parameters"), dir), null, null)).hasMessageContaining("whole envelope");
        assertThatThrownBy(() -> ModuleRegistry.discover().units(EngineFile.parse(
                steps.formatted(", stepWait: 0s"), dir), null, null)).hasMessageContaining("stepWait");
        assertThatThrownBy(() -> ModuleRegistry.discover().units(EngineFile.parse(
                steps.formatted(", maxSteps: 0"), dir), null, null)).hasMessageContaining("maxSteps");
        String remote = "engines:\n  - {name: r, module: remote, operations: [a], remote: {endpoint: 'h:7070', "
                + "tls: {cert: c, key: k, ca: a}, exchange: %s}}\n";
        assertThatThrownBy(() -> ModuleRegistry.discover().units(EngineFile.parse(
                remote.formatted("{address: 'nowhere'}"), dir), null, null)).hasMessageContaining("host:port");
        assertThatThrownBy(() -> ModuleRegistry.discover().units(EngineFile.parse(
                remote.formatted("{address: 'h:7090', formats: [parquet]}"), dir), null, null))
                .hasMessageContaining("'parquet' is none of");
    }
}
