package dev.weft.gateway.governance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Left-aligned text columns separated by two spaces, for the governance and
 * routing views; the last column is never padded.
 *
 * <pre>{@code
 * String text = new Columns("VOTER", "CHOICE").row("org:Org1MSP", "YES").toString();
 * }</pre>
 */
public final class Columns {
    private final List<String[]> rows = new ArrayList<>();
    private final int width;

    public Columns(String... header) {
        this.width = header.length;
        rows.add(header);
    }

    public Columns row(Object... cells) {
        if (cells.length != width) {
            throw new IllegalArgumentException("expected " + width + " cells, got " + cells.length);
        }
        rows.add(Arrays.stream(cells).map(c -> c == null ? "-" : String.valueOf(c)).toArray(String[]::new));
        return this;
    }

    /** The rows under the header. */
    public int size() {
        return rows.size() - 1;
    }

    @Override
    public String toString() {
        int[] w = new int[width];
        for (String[] row : rows) {
            for (int i = 0; i < width; i++) {
                w[i] = Math.max(w[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < width; i++) {
                line.append(row[i]);
                if (i < width - 1) {
                    line.append(" ".repeat(w[i] - row[i].length() + 2));
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
