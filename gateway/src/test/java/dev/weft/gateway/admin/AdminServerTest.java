package dev.weft.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.gateway.engine.TestCertificates;
import dev.weft.gateway.metrics.Metrics;
import dev.weft.gateway.transport.TlsMaterial;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Operations: the admin port serves Prometheus text over mutual TLS with the organisation's TLS CA")
class AdminServerTest {
    @TempDir Path dir;

    @Test
    @DisplayName("a client certificate of the organisation reads /metrics in the Prometheus text format")
    void organisationClientReadsMetrics() throws Exception {
        TestCertificates org1 = TestCertificates.issue(dir.resolve("org1"), "org1");
        PrometheusMeterRegistry registry = Metrics.prometheus("gateway", "Org1MSP");
        Counter.builder("weft.subtasks.completed").register(registry).increment(3);
        try (AdminServer admin = AdminServer.builder("127.0.0.1", 0, org1.tls()).metrics(registry).build().start()) {
            HttpResponse<String> response = get(org1.identity("user1"), admin.port(), "/metrics");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue(AdminServer.PROMETHEUS_TEXT);
            assertThat(response.body())
                    .contains("# TYPE weft_subtasks_completed_total counter")
                    .contains("weft_subtasks_completed_total{component=\"gateway\",org=\"Org1MSP\"} 3.0")
                    .contains("jvm_memory_used_bytes");
            assertThat(get(org1.identity("user2"), admin.port(), "/health").body()).isEqualTo("SERVING\n");
        }
    }

    @Test
    @DisplayName("a client without a certificate, or with another organisation's, is refused in the handshake")
    void strangersAreRefused() throws Exception {
        TestCertificates org1 = TestCertificates.issue(dir.resolve("org1"), "org1");
        TestCertificates org2 = TestCertificates.issue(dir.resolve("org2"), "org2");
        TlsMaterial org2User = org2.identity("user1");
        TlsMaterial org2UserTrustingOrg1 = new TlsMaterial(org2User.certificate(), org2User.privateKey(), org1.ca);
        try (AdminServer admin = AdminServer.builder("127.0.0.1", 0, org1.tls())
                .metrics(Metrics.prometheus("gateway", "Org1MSP")).build().start()) {
            assertThatThrownBy(() -> get(org1.caOnly(), admin.port(), "/metrics")).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> get(org2UserTrustingOrg1, admin.port(), "/metrics"))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    @DisplayName("the admin port is read-only: a POST is answered 405")
    void readOnly() throws Exception {
        TestCertificates org1 = TestCertificates.issue(dir.resolve("org1"), "org1");
        try (AdminServer admin = AdminServer.builder("127.0.0.1", 0, org1.tls())
                .metrics(Metrics.prometheus("gateway", "Org1MSP")).build().start()) {
            HttpClient client = client(org1.identity("user1"));
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + admin.port() + "/metrics"))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(405);
        }
    }

    static HttpResponse<String> get(TlsMaterial identity, int port, String path) throws Exception {
        return client(identity).send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpClient client(TlsMaterial identity) {
        return HttpClient.newBuilder().sslContext(AdminTls.context(identity)).connectTimeout(Duration.ofSeconds(60))
                .build();
    }
}
