package dev.weft.gateway.cli;

import com.google.protobuf.ByteString;
import dev.weft.gateway.engine.EngineClient;
import dev.weft.proto.engine.v1.ExecuteRequest;
import dev.weft.proto.engine.v1.ExecuteResponse;
import dev.weft.proto.engine.v1.ExecutionState;
import dev.weft.proto.engine.v1.Input;
import dev.weft.proto.engine.v1.SendMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code weft engine call}: one Execute (or QueryResult) against an engine, for
 * operators: {@code weft engine call --endpoint localhost:7060 --profile org1
 * --operation sum --param values=1,2,3 -o json}. Exit code 0 when the execution
 * succeeded (or is running), 4 when it failed or is unknown.
 */
@Command(name = "call", mixinStandardHelpOptions = true,
        description = "Execute one operation on an engine and print its result.")
final class EngineCallCommand implements Callable<Integer> {
    @Mixin EngineEndpointOptions endpoint;
    @Mixin OutputOptions output;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--operation", required = true, description = "Operation to run: sum, count, mean, min, max, "
            + "combine, merge, sha256, sql, …")
    String operation;

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "A task parameter; repeatable.")
    Map<String, String> parameters = new LinkedHashMap<>();

    @Option(names = "--input", paramLabel = "NAME=VALUE|@FILE",
            description = "An input, e.g. result:local1/Org1MSP=@part1.json; its digest is computed; repeatable.")
    Map<String, String> inputs = new LinkedHashMap<>();

    @Option(names = "--task", description = "Task ID (default: a fresh cli-… ID).")
    String task;

    @Option(names = "--subtask", defaultValue = "cli", description = "Subtask ID (default: ${DEFAULT-VALUE}).")
    String subtask;

    @Option(names = "--attempt", defaultValue = "1", description = "Attempt (default: ${DEFAULT-VALUE}).")
    int attempt;

    @Option(names = "--resend", description = "Send with the resend flag: attach to or reuse an execution (S0.8).")
    boolean resend;

    @Option(names = "--detach", description = "Do not wait: print RUNNING; pull later with --query.")
    boolean detach;

    @Option(names = "--query", description = "Only ask for the execution's state (QueryResult), start nothing.")
    boolean query;

    @Override
    public Integer call() {
        String taskId = task != null ? task : "cli-" + UUID.randomUUID();
        try (EngineClient client = endpoint.client()) {
            ExecuteResponse response = query ? client.queryResult(taskId, subtask, attempt)
                    : client.execute(request(taskId));
            print(taskId, response);
            return switch (response.getState()) {
                case SUCCEEDED, RUNNING -> 0;
                default -> ExitCodes.REFUSED;
            };
        }
    }

    private ExecuteRequest request(String taskId) {
        ExecuteRequest.Builder request = ExecuteRequest.newBuilder().setTaskId(taskId).setSubtaskId(subtask)
                .setAttempt(attempt).setSendMode(resend ? SendMode.RESEND : SendMode.FIRST_SEND)
                .setOperation(operation).putAllParameters(parameters).setDetach(detach);
        inputs.forEach((name, value) -> {
            byte[] bytes = value.startsWith("@") ? read(Path.of(value.substring(1))) : value.getBytes(
                    java.nio.charset.StandardCharsets.UTF_8);
            request.addInputs(Input.newBuilder().setName(name).setValue(ByteString.copyFrom(bytes))
                    .setDigest(sha256Hex(bytes)));
        });
        return request.build();
    }

    private void print(String taskId, ExecuteResponse r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("taskId", taskId);
        json.put("subtaskId", subtask);
        json.put("attempt", attempt);
        json.put("state", r.getState().name());
        json.put("unit", r.getUnit());
        json.put("value", r.getValue().toStringUtf8());
        json.put("digest", r.getDigest());
        json.put("reused", r.getReused());
        json.put("runs", r.getRuns());
        json.put("unitFault", r.getUnitFault());
        json.put("error", r.getError());
        String text = r.getState() == ExecutionState.SUCCEEDED
                ? String.format("%s by %s (sha256 %s%s)%n%s", r.getState(), r.getUnit(), r.getDigest(),
                        r.getReused() ? ", reused" : "", r.getValue().toStringUtf8())
                : r.getState() + (r.getError().isEmpty() ? "" : ": " + r.getError());
        output.print(spec.commandLine().getOut(), json, text);
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read input file " + file, e);
        }
    }

    private static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
