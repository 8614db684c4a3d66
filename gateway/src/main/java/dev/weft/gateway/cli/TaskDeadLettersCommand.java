package dev.weft.gateway.cli;

import dev.weft.gateway.scheduler.ReadyWork;
import dev.weft.gateway.store.DeadLetter;
import dev.weft.gateway.store.GatewayStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code weft task dead-letters}: the events a gateway could not handle after
 * bounded retries and set aside so that its event stream moved on. JSON: a list
 * of {@code {"id","blockNumber","txId","eventName","taskId","attempts","createdAt","error","payload"}}
 * ({@code taskId} null when the payload cannot be read).
 */
@Command(name = "dead-letters", mixinStandardHelpOptions = true,
        description = {"List the events a gateway set aside after failing to handle them.",
            "Put one back with 'weft task replay ID'."})
final class TaskDeadLettersCommand implements Callable<Integer> {
    private static final int ERROR_WIDTH = 60;

    @Mixin StoreOptions store;
    @Mixin OutputOptions output;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        List<DeadLetter> letters;
        try (GatewayStore opened = store.open()) {
            letters = opened.deadLetters();
        }
        List<Map<String, Object>> json = new ArrayList<>();
        StringBuilder text = new StringBuilder(String.format("%-5s %-8s %-12s %-40s %-8s %s%n",
                "ID", "BLOCK", "TX", "TASK", "ATTEMPTS", "ERROR"));
        for (DeadLetter letter : letters) {
            String taskId = taskId(letter);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", letter.id());
            row.put("blockNumber", letter.blockNumber());
            row.put("txId", letter.txId());
            row.put("eventName", letter.eventName());
            row.put("taskId", taskId);
            row.put("attempts", letter.attempts());
            row.put("createdAt", letter.createdAt().toString());
            row.put("error", letter.error());
            row.put("payload", new String(letter.payload(), StandardCharsets.UTF_8));
            json.add(row);
            text.append(String.format("%-5d %-8d %-12s %-40s %-8d %s%n", letter.id(), letter.blockNumber(),
                    shorten(letter.txId(), 12), taskId == null ? "-" : taskId, letter.attempts(),
                    shorten(letter.error(), ERROR_WIDTH)));
        }
        output.print(spec.commandLine().getOut(), json,
                letters.isEmpty() ? "no dead letters" : text.toString().stripTrailing());
        return 0;
    }

    private static String taskId(DeadLetter letter) {
        try {
            String id = ReadyWork.parse(letter.payload()).getTaskId();
            return id.isEmpty() ? null : id;
        } catch (IllegalArgumentException unreadable) {
            return null;
        }
    }

    private static String shorten(String s, int width) {
        String line = s.replace('\n', ' ');
        return line.length() <= width ? line : line.substring(0, width - 1) + "…";
    }
}
