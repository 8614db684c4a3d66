package dev.weft.gateway.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.gateway.json.Json;

/**
 * A task definition as its author wrote it (see {@code examples/tasks/}),
 * checked to be a JSON object with an ID and subtasks before it goes to the
 * chain, which validates the rest (DAG, participants, limits). The ID may be
 * replaced, so one file can register several definitions (registering changed
 * content under an owned ID makes a new revision that participants approve again).
 *
 * <pre>{@code
 * DefinitionFile d = DefinitionFile.prepare(Files.readString(path), "echo-sum-2");
 * chain.submit("task:RegisterDefinition", d.json());
 * }</pre>
 *
 * @param id   the definition's ID
 * @param json the definition as compact JSON
 */
public record DefinitionFile(String id, String json) {

    /**
     * @param idOverride the ID to register under instead of the file's, or null
     * @throws IllegalArgumentException when the text is not a definition
     */
    public static DefinitionFile prepare(String text, String idOverride) {
        JsonNode node = Json.SORTED.read(text, "task definition");
        if (!(node instanceof ObjectNode definition)) {
            throw new IllegalArgumentException("task definition must be a JSON object");
        }
        if (idOverride != null) {
            definition.put("id", idOverride);
        }
        if (!definition.path("id").isTextual() || definition.path("id").asText().isBlank()) {
            throw new IllegalArgumentException("task definition has no \"id\" (give one in the file or with --id)");
        }
        if (!definition.path("subtasks").isArray() || definition.path("subtasks").isEmpty()) {
            throw new IllegalArgumentException("task definition " + definition.path("id").asText()
                    + " has no \"subtasks\" array");
        }
        return new DefinitionFile(definition.path("id").asText(), Json.SORTED.write(definition));
    }
}
