package dev.weft.gateway.routing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Whether a requested JSON value is contained in the stored one: every field
 * the request gives has the same value in the stored form, where the chaincode
 * may have added defaults and sorted lists.
 */
final class Subset {
    private Subset() {
    }

    static boolean of(JsonNode requested, JsonNode stored) {
        if (requested == null || requested.isMissingNode() || requested.isNull()) {
            return true;
        }
        if (requested.isObject()) {
            if (!stored.isObject()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = requested.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!emptyList(e.getValue()) && !of(e.getValue(), stored.path(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (requested.isArray()) {
            return stored.isArray() && sorted(requested).equals(sorted(stored));
        }
        if (requested.isNumber()) {
            return stored.isNumber() && requested.decimalValue().compareTo(stored.decimalValue()) == 0;
        }
        return requested.equals(stored);
    }

    private static boolean emptyList(JsonNode n) {
        return n.isArray() && n.isEmpty();
    }

    private static List<String> sorted(JsonNode array) {
        List<String> items = new ArrayList<>();
        array.forEach(n -> items.add(n.toString()));
        items.sort(null);
        return items;
    }
}
