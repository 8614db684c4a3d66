package dev.weft.gateway.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.gateway.json.Json;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** {@code --output text|json}: what every command a script reads offers. */
public final class OutputOptions {
    /** The two output formats. */
    public enum Format { text, json }

    private static final ObjectMapper JSON = Json.PRETTY.mapper();

    @Option(names = {"-o", "--output"}, defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    Format format;

    public boolean json() {
        return format == Format.json;
    }

    /** Prints {@code value} as JSON when asked, else the text. */
    public void print(PrintWriter out, Object value, String text) {
        if (json()) {
            try {
                out.println(JSON.writeValueAsString(value));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        } else {
            out.println(text);
        }
        out.flush();
    }
}
