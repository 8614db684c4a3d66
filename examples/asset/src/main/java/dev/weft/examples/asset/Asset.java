package dev.weft.examples.asset;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * An asset as stored and returned, in canonical JSON (sorted keys, no nulls).
 * Version 1 writes {@code {"id","owner","value","version":"1"}}; version 2 also
 * records when and by which organisation the asset was last written.
 *
 * @param updatedAt the transaction time of the last write (version 2 only)
 * @param updatedBy the MSP ID of the identity that signed the last write (version 2 only)
 */
public record Asset(String id, String owner, long value, String version, String updatedAt, String updatedBy) {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise asset " + id, e);
        }
    }

    static Asset fromJson(byte[] json) {
        try {
            return JSON.readValue(json, Asset.class);
        } catch (IOException e) {
            throw new IllegalStateException("corrupt asset value", e);
        }
    }
}
