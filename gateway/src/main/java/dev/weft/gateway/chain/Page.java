package dev.weft.gateway.chain;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a contract's list query, with the printable bookmark of the next page ("" at the
 * end). Every paged query of the gateway (tasks, pending subtasks, proposals) reads through
 * {@link #collect}.
 */
public record Page(List<JsonNode> items, String bookmark) {
    public Page {
        items = List.copyOf(items);
        bookmark = bookmark == null ? "" : bookmark;
    }

    /**
     * Reads from the printable {@code bookmark} one page, or with {@code all} every page to the
     * end. {@code fetch} evaluates the query for a raw bookmark and returns the contract's
     * {@code {"items": […], "bookmark": …}}.
     */
    public static Page collect(Function<String, JsonNode> fetch, String bookmark, boolean all) {
        List<JsonNode> items = new ArrayList<>();
        String next = Bookmarks.decode(bookmark);
        do {
            JsonNode page = fetch.apply(next);
            page.path("items").forEach(items::add);
            String following = page.path("bookmark").asText("");
            if (following.equals(next)) {
                break;
            }
            next = following;
        } while (all && !next.isEmpty());
        return new Page(items, Bookmarks.encode(next));
    }
}
