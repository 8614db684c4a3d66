package dev.weft.gateway.chain;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Fabric's range-query bookmarks, made printable: they carry NUL bytes (composite
 * keys), so the CLI prints them base64url-encoded and reads back only what it printed.
 */
public final class Bookmarks {
    private Bookmarks() {
    }

    /** The printable form of a bookmark from the chain ("" stays ""). */
    public static String encode(String raw) {
        return raw == null || raw.isEmpty() ? ""
                : Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The chain's bookmark from its printable form; a blank one means "from the start". */
    public static String decode(String encoded) {
        if (encoded == null || encoded.isBlank()) {
            return "";
        }
        try {
            return new String(Base64.getUrlDecoder().decode(encoded.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bookmark '" + encoded + "' is not one this command printed", e);
        }
    }
}
