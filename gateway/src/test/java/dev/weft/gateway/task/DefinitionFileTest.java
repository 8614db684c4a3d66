package dev.weft.gateway.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.engine.api.ComputeUnit;
import dev.weft.gateway.engine.BuiltinUnits;
import dev.weft.gateway.json.Json;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DefinitionFileTest {

    @Test
    void keepsTheFilesIdUnlessOverridden() {
        String text = TaskFixtures.example("echo-sum.json");
        assertThat(DefinitionFile.prepare(text, null).id()).isEqualTo("echo-sum");
        DefinitionFile renamed = DefinitionFile.prepare(text, "echo-sum-2");
        assertThat(renamed.id()).isEqualTo("echo-sum-2");
        assertThat(Json.SORTED.read(renamed.json(), "x").path("id").asText()).isEqualTo("echo-sum-2");
    }

    @Test
    void refusesWhatIsNotADefinitionBeforeItReachesTheChain() {
        assertThatThrownBy(() -> DefinitionFile.prepare("[1]", null)).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> DefinitionFile.prepare("{\"subtasks\":[{}]}", null)).hasMessageContaining("no \"id\"");
        assertThatThrownBy(() -> DefinitionFile.prepare("{\"id\":\"x\",\"subtasks\":[]}", null))
                .hasMessageContaining("no \"subtasks\"");
        assertThatThrownBy(() -> DefinitionFile.prepare("{\"id\":", null)).hasMessageContaining("not valid JSON");
    }

    @Test
    void theExamplesOnlyUseOperationsTheStandardEngineServes() {
        Set<String> served = new HashSet<>();
        for (ComputeUnit unit : BuiltinUnits.create(Set.of("aggregate", "combine", "sha256"), null)) {
            served.addAll(unit.operations());
        }
        for (String example : new String[] {"three-org-sales.json", "echo-sum.json"}) {
            JsonNode definition = Json.SORTED.read(TaskFixtures.example(example), example);
            definition.path("subtasks").forEach(s ->
                    assertThat(served).as(example + " " + s.path("name")).contains(s.path("operation").asText()));
        }
    }

    @Test
    void threeOrgSalesHasOneSumPerOrganisationAndACombineOverAllThree() {
        JsonNode subtasks = Json.SORTED.read(TaskFixtures.example("three-org-sales.json"), "x").path("subtasks");
        assertThat(subtasks).hasSize(4);
        for (int i = 0; i < 3; i++) {
            assertThat(subtasks.get(i).path("name").asText()).isEqualTo("org" + (i + 1) + "-total");
            assertThat(subtasks.get(i).path("participants").get(0).asText()).isEqualTo("Org" + (i + 1) + "MSP");
        }
        assertThat(TaskSnapshot.list(subtasks.get(3).path("dependsOn")))
                .containsExactly("org1-total", "org2-total", "org3-total");
    }
}
