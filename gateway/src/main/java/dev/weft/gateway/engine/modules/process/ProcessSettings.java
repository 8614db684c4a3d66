package dev.weft.gateway.engine.modules.process;

import dev.weft.engine.api.ModuleConfigException;
import dev.weft.engine.api.SecretRef;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code process:} section of an engine entry (docs/engines.md): a local
 * program started once per subtask (S1.7 local).
 *
 * @param command the program and its arguments, the organisation's own; nothing from the chain is ever added
 * @param input {@code stdin} (default: the request JSON on standard input) or {@code file}
 *     (written to a file whose path is in {@code $WEFT_REQUEST_FILE}; stdin empty)
 * @param output {@code stdout} (default) or {@code file} (the program writes {@code $WEFT_RESULT_FILE})
 * @param request {@code envelope} (default) or {@code parameters}
 * @param resultPointer where the result is in the program's JSON output (default: all of it)
 * @param workingDirectory the program's folder (default: the configuration's)
 * @param environment extra environment (not secret); the program gets only PATH, LANG, TMPDIR, these and
 *     {@code secretEnvironment}
 * @param secretEnvironment variables whose values are credentials, by reference
 * @param maxOutputBytes largest output (default 1 MiB); more kills the program and fails the task
 * @param rejectExitCodes exit codes that mean "the input is wrong": a task failure (default [2]); any
 *     other non-zero exit or a signal is a unit fault (S0.9)
 */
public record ProcessSettings(List<String> command, String input, String output, String request,
        String resultPointer, String workingDirectory, Map<String, String> environment,
        Map<String, SecretRef> secretEnvironment, Integer maxOutputBytes, Set<Integer> rejectExitCodes) {

    public ProcessSettings {
        if (command == null || command.isEmpty() || command.get(0).isBlank()) {
            throw new ModuleConfigException("process.command is the program and its arguments, a non-empty list");
        }
        command = List.copyOf(command);
        input = input == null ? "stdin" : input;
        output = output == null ? "stdout" : output;
        if (!Set.of("stdin", "file").contains(input)) {
            throw new ModuleConfigException("process.input is stdin or file, not '" + input + "'");
        }
        if (!Set.of("stdout", "file").contains(output)) {
            throw new ModuleConfigException("process.output is stdout or file, not '" + output + "'");
        }
        environment = environment == null ? Map.of() : Map.copyOf(environment);
        secretEnvironment = secretEnvironment == null ? Map.of() : Map.copyOf(secretEnvironment);
        maxOutputBytes = maxOutputBytes == null ? 1024 * 1024 : maxOutputBytes;
        if (maxOutputBytes < 1) {
            throw new ModuleConfigException("process.maxOutputBytes must be positive");
        }
        rejectExitCodes = rejectExitCodes == null ? Set.of(2) : Set.copyOf(rejectExitCodes);
    }
}
