package dev.weft.gateway.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.gateway.cli.Weft;
import dev.weft.gateway.transport.TlsMaterial;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


@DisplayName("S1.6 `weft engine serve | call | health`")
class EngineCliTest {
    private static final Pattern PORT = Pattern.compile("listening on port (\\d+)");

    @TempDir Path dir;

    /** Runs a command line; returns exit code, stdout and stderr. */
    record Run(int exit, String out, String err) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(out);
        }
    }

    static Run weft(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Weft.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** `weft engine serve …` on a background thread, stopped by interrupting it. */
    static final class Served implements AutoCloseable {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final Thread thread;
        volatile int exit = -1;

        Served(String... args) {
            thread = new Thread(() -> exit = Weft.commandLine().setOut(new PrintWriter(out))
                    .setErr(new PrintWriter(err)).execute(args));
            thread.start();
        }

        int port() throws InterruptedException {
            // Generous: a loaded machine can take many seconds to open the engine's database and port.
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(90).toNanos();
            while (System.nanoTime() < deadline) {
                Matcher m = PORT.matcher(out.toString());
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
                assertThat(thread.isAlive()).as("serve is still running; exit " + exit).isTrue();
                Thread.sleep(20);
            }
            throw new AssertionError("serve never reported its port: " + out + " / " + err);
        }

        @Override
        public void close() throws InterruptedException {
            thread.interrupt();
            thread.join(15_000);
        }
    }

    @Test
    @DisplayName("S1.6 serve with a seeded local database; call aggregates it, with json output; resend reuses (S0.8)")
    void serveAndCallOverLoopback() throws Exception {
        int port;
        try (Served engine = new Served("engine", "serve", "--port", "0", "--insecure-loopback", "--name", "Org1MSP",
                "--data", dir.resolve("data").toString(), "--seed-demo", "org1",
                "--queries", Files.writeString(dir.resolve("queries.json"),
                        "{\"sales-amounts\": \"SELECT amount FROM sales\"}").toString())) {
            port = engine.port();
            String endpoint = "127.0.0.1:" + port;
            Run sum = weft("engine", "call", "--endpoint", endpoint, "--insecure-loopback", "--operation", "sum",
                    "--param", "query=sales-amounts", "--task", "t1", "-o", "json");
            assertThat(sum.exit()).as(sum.err()).isZero();
            assertThat(sum.json().get("state").asText()).isEqualTo("SUCCEEDED");
            assertThat(sum.json().get("value").asText()).isEqualTo("{\"count\":5,\"operation\":\"sum\",\"sum\":875,\"value\":875}");
            assertThat(sum.json().get("digest").asText()).isEqualTo(Digests.sha256Hex(
                    sum.json().get("value").asText().getBytes()));

            Run resend = weft("engine", "call", "--endpoint", endpoint, "--insecure-loopback", "--operation", "sum",
                    "--param", "query=sales-amounts", "--task", "t1", "--resend", "-o", "json");
            assertThat(resend.json().get("reused").asBoolean()).isTrue();
            assertThat(resend.json().get("runs").asInt()).isEqualTo(1);

            Path part = Files.writeString(dir.resolve("part.json"), sum.json().get("value").asText());
            Run combine = weft("engine", "call", "--endpoint", endpoint, "--insecure-loopback", "--operation",
                    "combine", "--input", "result:local1/Org1MSP=@" + part, "--input",
                    "result:local2/Org2MSP={\"count\":1,\"operation\":\"sum\",\"sum\":5,\"value\":5}");
            assertThat(combine.exit()).isZero();
            assertThat(combine.out()).startsWith("SUCCEEDED by combine").contains("\"value\":880");

            Run health = weft("engine", "health", "--endpoint", endpoint, "--insecure-loopback", "-o", "json");
            assertThat(health.json().get("framework").asText()).isEqualTo("Org1MSP");
            assertThat(health.json().get("units")).hasSize(4);

            Run query = weft("engine", "call", "--endpoint", endpoint, "--insecure-loopback", "--operation", "sum",
                    "--task", "never", "--query");
            assertThat(query.exit()).isEqualTo(4);
            assertThat(query.out()).contains("UNKNOWN_EXECUTION");
        }
        try (EngineClient stopped = EngineClient.builder().endpoint("127.0.0.1:" + port).insecureLoopback().build()) {
            assertThatThrownBy(stopped::health).isInstanceOf(EngineException.class);
        }
    }

    @Test
    @DisplayName("S1.7 serve and call take the TLS material from the organisation's profile (gatewayTls)")
    void serveAndCallWithTheProfilesTls() throws Exception {
        TestCertificates certs = TestCertificates.issue(dir.resolve("tls"), "org2");
        Path profile = Files.writeString(dir.resolve("org2.json"), String.format(
                "{\"name\":\"org2\",\"mspId\":\"Org2MSP\",\"peers\":[],\"users\":{},"
                        + "\"gatewayTls\":{\"cert\":\"%s\",\"key\":\"%s\",\"ca\":\"%s\"}}",
                certs.cert, certs.key, certs.ca));
        try (Served engine = new Served("engine", "serve", "--port", "0", "--bind", "127.0.0.1",
                "--profile", profile.toString(), "--units", "sha256,aggregate",
                "--data", dir.resolve("data").toString())) {
            int port = engine.port();
            assertThat(engine.out.toString()).contains("engine Org2MSP", "(mutual TLS)");
            Run call = weft("engine", "call", "--endpoint", "localhost:" + port, "--profile", profile.toString(),
                    "--operation", "sha256", "--param", "data=abc");
            assertThat(call.exit()).as(call.err()).isZero();
            assertThat(call.out()).contains(EngineSha256UnitTest.ABC);

            Run unknown = weft("engine", "call", "--endpoint", "localhost:" + port, "--profile", profile.toString(),
                    "--operation", "sql", "--param", "query=SELECT 1");
            assertThat(unknown.exit()).isEqualTo(3);
            assertThat(unknown.err()).contains("no unit for operation 'sql'", "UNKNOWN_OPERATION");
        }
    }

    @Test
    @DisplayName("issue 9 item 3: `weft engine serve` refuses a JDBC user that can write, unless --allow-writable-user")
    void serveRefusesAWritableDatabaseUser() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("writable").toAbsolutePath();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "OWNER", "");
                java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE TABLE sales (id INT PRIMARY KEY, amount DECIMAL(12,2))");
        }
        Run refused = weft("engine", "serve", "--port", "0", "--insecure-loopback", "--jdbc-url", url,
                "--jdbc-user", "OWNER");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("can write (INSERT on PUBLIC.SALES").contains("--allow-writable-user");
        try (Served allowed = new Served("engine", "serve", "--port", "0", "--insecure-loopback", "--jdbc-url", url,
                "--jdbc-user", "OWNER", "--allow-writable-user")) {
            assertThat(allowed.port()).isPositive();
        }
    }

    @Test
    @DisplayName("issue 9 item 4: `weft engine call` with the TLS CA but no identity, or with another "
            + "organisation's identity, is refused; with the profile's gateway identity it works")
    void callWithoutTheOrganisationsIdentityIsRefused() throws Exception {
        TestCertificates org1 = TestCertificates.issue(dir.resolve("org1"), "org1");
        TestCertificates org2 = TestCertificates.issue(dir.resolve("org2"), "org2");
        TlsMaterial org1Gateway = org1.identity("gateway");
        TlsMaterial org2Gateway = org2.identity("gateway");
        Path profile = Files.writeString(dir.resolve("org1.json"), String.format(
                "{\"name\":\"org1\",\"mspId\":\"Org1MSP\",\"peers\":[],\"users\":{},"
                        + "\"gatewayTls\":{\"cert\":\"%s\",\"key\":\"%s\",\"ca\":\"%s\"}}",
                org1Gateway.certificate(), org1Gateway.privateKey(), org1.ca));
        try (Served engine = new Served("engine", "serve", "--port", "0", "--tls-cert", org1.cert.toString(),
                "--tls-key", org1.key.toString(), "--tls-ca", org1.ca.toString(), "--name", "Org1MSP",
                "--units", "sha256", "--data", dir.resolve("data").toString())) {
            String endpoint = "127.0.0.1:" + engine.port();
            Run caOnly = weft("engine", "call", "--endpoint", endpoint, "--tls-ca", org1.ca.toString(),
                    "--operation", "sha256", "--param", "data=abc", "--timeout", "PT10S");
            assertThat(caOnly.exit()).isNotZero();
            assertThat(caOnly.out()).doesNotContain(EngineSha256UnitTest.ABC);
            Run org2Identity = weft("engine", "call", "--endpoint", endpoint, "--tls-ca", org1.ca.toString(),
                    "--tls-cert", org2Gateway.certificate().toString(), "--tls-key", org2Gateway.privateKey().toString(),
                    "--operation", "sha256", "--param", "data=abc", "--timeout", "PT10S");
            assertThat(org2Identity.exit()).isNotZero();
            assertThat(org2Identity.out()).doesNotContain(EngineSha256UnitTest.ABC);
            Run gateway = weft("engine", "call", "--endpoint", endpoint, "--profile", profile.toString(),
                    "--operation", "sha256", "--param", "data=abc");
            assertThat(gateway.exit()).as(gateway.err()).isZero();
            assertThat(gateway.out()).contains(EngineSha256UnitTest.ABC);
        }
    }

    @Test
    void serveRefusesAmbiguousOrMissingTransport() {
        Run none = weft("engine", "serve", "--port", "0");
        assertThat(none.exit()).isEqualTo(3);
        assertThat(none.err()).contains("--insecure-loopback");
        Run both = weft("engine", "serve", "--port", "0", "--insecure-loopback", "--tls-cert", "a.crt");
        assertThat(both.exit()).isEqualTo(3);
        Run badUnit = weft("engine", "serve", "--port", "0", "--insecure-loopback", "--units", "teleport");
        assertThat(badUnit.exit()).isEqualTo(3);
        assertThat(badUnit.err()).contains("unknown unit teleport");
        Run noLifetime = weft("engine", "serve", "--port", "0", "--insecure-loopback", "--exchange-lifetime", "PT0S");
        assertThat(noLifetime.exit()).isEqualTo(3);
        assertThat(noLifetime.err()).contains("--exchange-lifetime must be positive");
        Run unreachable = weft("engine", "call", "--endpoint", "127.0.0.1:1", "--insecure-loopback",
                "--operation", "sum", "--timeout", "PT5S");
        assertThat(unreachable.exit()).isEqualTo(5);
    }

    @Test
    @DisplayName("S1.10 weft engine adapt --exchange-port is refused for a sidecar that dials in: items for it "
            + "could not be handed on")
    void adaptRefusesAnExchangePortWhenItDialsIn() throws Exception {
        Path config = dir.resolve("sidecar.yaml");
        java.nio.file.Files.writeString(config, """
                engines:
                  - {name: scoring, module: http, operations: [score], http: {url: "http://127.0.0.1:9/score"}}
                """);
        Run run = weft("engine", "adapt", "--config", config.toString(), "--dial", "127.0.0.1:9",
                "--exchange-port", "0", "--exchange-trust", "channel");
        assertThat(run.exit()).isEqualTo(3);
        assertThat(run.err()).contains("--exchange-port is for a sidecar its standard engine reaches");
    }
}
