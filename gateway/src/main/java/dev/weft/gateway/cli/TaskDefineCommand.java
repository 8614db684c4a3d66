package dev.weft.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.ChainException;
import dev.weft.gateway.chain.ErrorCode;
import dev.weft.gateway.task.DefinitionFile;
import dev.weft.gateway.task.TaskLedger;
import dev.weft.gateway.task.TaskTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code weft task define FILE}: proposes a task definition (an organisation admin
 * only), approved by the proposer's organisation; the other participants approve
 * it with {@code weft task approve}. The owner may register a changed file under
 * the same ID: a new revision that every participant must approve again.
 */
@Command(name = "define", mixinStandardHelpOptions = true,
        description = {"Propose a task definition from a JSON file (see examples/tasks/).",
            "Only an admin of a member organisation may: use --user Admin. Tasks of it can be created once every",
            "participant organisation's admin has approved it (weft task approve)."})
final class TaskDefineCommand implements Callable<Integer> {
    @Mixin ConnectionOptions connection;
    @Mixin OutputOptions output;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "Definition JSON; '-' reads standard input.")
    String file;

    @Option(names = "--id", description = "Register under this ID instead of the file's.")
    String id;

    @Option(names = "--ignore-existing",
            description = "Succeed when the ID is already registered with this content or by another organisation "
                    + "(the stored definition is shown).")
    boolean ignoreExisting;

    @Override
    public Integer call() {
        DefinitionFile draft = DefinitionFile.prepare(read(file), id);
        try (ChainClient chain = ChainClient.connect(connection.toConfig())) {
            TaskLedger tasks = new TaskLedger(chain);
            Map<String, Object> result = new LinkedHashMap<>();
            JsonNode definition;
            String headline;
            try {
                TaskLedger.Submitted tx = tasks.register(draft.json());
                definition = tx.value();
                result.put("transactionId", tx.transactionId());
                result.put("blockNumber", tx.blockNumber());
                headline = String.format("registered definition %s revision %d (%d subtasks) in block %d, tx %s",
                        definition.path("id").asText(), definition.path("revision").asInt(),
                        definition.path("subtasks").size(), tx.blockNumber(), tx.transactionId());
            } catch (ChainException e) {
                if (!ignoreExisting || !e.is(ErrorCode.ALREADY_EXISTS)) {
                    throw e;
                }
                definition = tasks.definition(draft.id());
                result.put("alreadyRegistered", true);
                headline = "definition " + definition.path("id").asText() + " was already registered; kept as is";
            }
            result.put("definition", definition);
            output.print(spec.commandLine().getOut(), result, headline + "\n\n" + TaskTables.definition(definition));
        }
        return 0;
    }

    private String read(String name) {
        try {
            if (name.equals("-")) {
                return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return Files.readString(Path.of(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }
}
