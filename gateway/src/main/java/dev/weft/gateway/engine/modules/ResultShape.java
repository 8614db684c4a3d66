package dev.weft.gateway.engine.modules;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.engine.api.ModuleConfigException;
import dev.weft.engine.api.UnitException;
import dev.weft.gateway.engine.EngineJson;

/**
 * How a heterogeneous engine's answer becomes a standard result: the JSON at
 * {@code pointer} (RFC 6901; empty: the whole answer), written as canonical
 * JSON, so that the same answer gives the same digest everywhere.
 */
public record ResultShape(JsonPointer pointer) {

    public static ResultShape of(String pointer) {
        try {
            return new ResultShape(pointer == null || pointer.isEmpty() ? JsonPointer.empty() : JsonPointer.compile(pointer));
        } catch (IllegalArgumentException e) {
            throw new ModuleConfigException("'" + pointer + "' is not a JSON pointer (like /result/score)");
        }
    }

    /** The standard result of an answer; an answer without the pointed value fails the task. */
    public byte[] result(byte[] answer, String engine) throws UnitException {
        return EngineJson.canonical(select(EngineJson.parse(answer, "the answer of engine " + engine), engine));
    }

    public JsonNode select(JsonNode answer, String engine) throws UnitException {
        JsonNode node = answer.at(pointer);
        if (node.isMissingNode()) {
            throw UnitException.coded("RESULT_MISSING", "the answer of engine %s has nothing at %s", engine, pointer);
        }
        return node;
    }
}
