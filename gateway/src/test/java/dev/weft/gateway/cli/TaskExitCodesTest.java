package dev.weft.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.gateway.task.TaskSnapshot;
import dev.weft.gateway.task.TaskWatcher;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What a script sees: the exit code of each way a task command can end without a network. */
class TaskExitCodesTest {

    @Test
    void aCompletedTaskExitsZeroAFailedOneSixAndATimedOutWaitSeven() {
        assertThat(TaskCommand.exitCode(outcome("COMPLETED", false))).isZero();
        assertThat(TaskCommand.exitCode(outcome("FAILED", false))).isEqualTo(ExitCodes.TASK_FAILED).isEqualTo(6);
        assertThat(TaskCommand.exitCode(outcome("RUNNING", true))).isEqualTo(ExitCodes.TASK_TIMED_OUT).isEqualTo(7);
        assertThat(TaskCommand.outcomeName(outcome("RUNNING", true))).isEqualTo("TIMED_OUT");
        assertThat(TaskCommand.outcomeName(outcome("FAILED", false))).isEqualTo("FAILED");
    }

    @Test
    void theTaskCodesDifferFromEveryOtherCode() {
        assertThat(List.of(ExitCodes.TASK_FAILED, ExitCodes.TASK_TIMED_OUT))
                .doesNotContain(0, 1, 2, ExitCodes.BAD_INPUT, ExitCodes.REFUSED, ExitCodes.UNAVAILABLE)
                .doesNotHaveDuplicates();
    }

    @Test
    void aMalformedParamIsBadInputBeforeAnyConnection() {
        Run r = run("task", "create", "echo-sum", "--param", "values");
        assertThat(r.code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err).contains("parameter 'values' is not KEY=VALUE");
    }

    @Test
    void aMissingDefinitionFileIsBadInput() {
        Run r = run("task", "define", "no/such/definition.json", "--profile", "org1");
        assertThat(r.code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err).contains("cannot read no/such/definition.json");
    }

    @Test
    void aBookmarkWithoutAStatusIsAUsageError() {
        Run r = run("task", "list", "--bookmark", "b");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("--bookmark needs --status");
    }

    @Test
    void anUnknownGraphFormatIsAUsageError() {
        assertThat(run("task", "graph", "t1", "--format", "png").code).isEqualTo(2);
    }

    @Test
    void everyTaskSubcommandIsRegistered() {
        assertThat(Weft.commandLine().getSubcommands().get("task").getSubcommands().keySet())
                .contains("define", "definitions", "create", "status", "list", "graph", "retry", "pending");
    }

    private static TaskWatcher.Outcome outcome(String status, boolean timedOut) {
        String json = "{\"task\":{\"taskId\":\"t\",\"status\":\"" + status + "\"},\"subtasks\":[]}";
        try {
            return new TaskWatcher.Outcome(TaskSnapshot.of(new ObjectMapper().readTree(json)), timedOut);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Weft.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
