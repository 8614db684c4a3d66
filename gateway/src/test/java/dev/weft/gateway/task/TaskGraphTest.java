package dev.weft.gateway.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.gateway.json.Json;
import org.junit.jupiter.api.Test;

class TaskGraphTest {

    @Test
    void mermaidDrawsEverySubtaskWithItsStateClassAndEveryDependency() {
        assertThat(TaskGraph.of(TaskFixtures.running()).mermaid()).isEqualTo("""
                flowchart LR
                  %% task 7d1e3c0b9a8f6e5d4c3b2a1908f7e6d5c4b3a2918f7e6d5c4b3a29180f7e6d5c (three-org-sales): RUNNING
                  classDef pending fill:#f1f3f5,stroke:#868e96,color:#212529
                  classDef ready fill:#fff3bf,stroke:#f08c00,color:#212529
                  classDef completed fill:#d3f9d8,stroke:#2f9e44,color:#212529
                  s0["org1-total<br/>sum @ Org1MSP<br/>COMPLETED"]
                  s1["org2-total<br/>sum @ Org2MSP<br/>COMPLETED"]
                  s2["org3-total<br/>sum @ Org3MSP<br/>READY (attempt 2)"]
                  s3["total<br/>combine @ Org1MSP<br/>PENDING"]
                  s0 --> s3
                  s1 --> s3
                  s2 --> s3
                  class s0 completed
                  class s1 completed
                  class s2 ready
                  class s3 pending
                """);
    }

    @Test
    void dotColoursEachSubtaskByStateAndKeepsTheClass() {
        assertThat(TaskGraph.of(TaskFixtures.running()).dot()).isEqualTo("""
                digraph weft {
                  label="task 7d1e3c0b9a8f6e5d4c3b2a1908f7e6d5c4b3a2918f7e6d5c4b3a29180f7e6d5c (three-org-sales): RUNNING";
                  labelloc=t;
                  rankdir=LR;
                  node [shape=box, style="rounded,filled", fontname="Helvetica"];
                  "org1-total" [label="org1-total\\nsum @ Org1MSP\\nCOMPLETED", class="completed", fillcolor="#d3f9d8", color="#2f9e44"];
                  "org2-total" [label="org2-total\\nsum @ Org2MSP\\nCOMPLETED", class="completed", fillcolor="#d3f9d8", color="#2f9e44"];
                  "org3-total" [label="org3-total\\nsum @ Org3MSP\\nREADY (attempt 2)", class="ready", fillcolor="#fff3bf", color="#f08c00"];
                  "total" [label="total\\ncombine @ Org1MSP\\nPENDING", class="pending", fillcolor="#f1f3f5", color="#868e96"];
                  "org1-total" -> "total";
                  "org2-total" -> "total";
                  "org3-total" -> "total";
                }
                """);
    }

    @Test
    void aFailedSubtaskGetsTheFailedStyleInBothFormats() {
        TaskGraph graph = TaskGraph.of(TaskFixtures.failed());
        assertThat(graph.mermaid())
                .contains("classDef failed fill:#ffe3e3,stroke:#e03131")
                .contains("s0[\"check<br/>sha256 @ Org1MSP, Org2MSP, Org3MSP<br/>FAILED\"]")
                .contains("class s0 failed")
                .doesNotContain("-->");
        assertThat(graph.dot()).contains("class=\"failed\", fillcolor=\"#ffe3e3\"");
    }

    @Test
    void aDefinitionIsDrawnWithoutStateFromItsRegisteredShape() {
        TaskGraph graph = TaskGraph.ofDefinition(Json.SORTED.read(TaskFixtures.example("three-org-sales.json"), "x"));
        assertThat(graph.title()).isEqualTo("definition three-org-sales");
        assertThat(graph.nodes()).extracting(TaskGraph.Node::styleClass).containsOnly("defined");
        assertThat(graph.edges()).containsExactly(new TaskGraph.Edge("org1-total", "total"),
                new TaskGraph.Edge("org2-total", "total"), new TaskGraph.Edge("org3-total", "total"));
        assertThat(graph.mermaid()).contains("s3[\"total<br/>combine @ Org1MSP\"]").contains("class s3 defined");
    }

    @Test
    void labelsCannotBreakOutOfTheirQuotes() {
        TaskGraph graph = TaskGraph.ofDefinition(Json.SORTED.read("""
                {"id":"q","subtasks":[{"name":"a\\"b","operation":"x<y>","participants":["P\\\\1"]}]}""", "x"));
        assertThat(graph.mermaid()).contains("s0[\"a#quot;b<br/>x#lt;y#gt; @ P\\1\"]");
        assertThat(graph.dot()).contains("\"a\\\"b\" [label=\"a\\\"b\\nx<y> @ P\\\\1\"");
    }
}
