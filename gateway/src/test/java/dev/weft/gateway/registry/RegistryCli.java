package dev.weft.gateway.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.gateway.cli.Weft;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs `weft …` command lines in process: at once, or on a thread until interrupted. */
final class RegistryCli {

    /** Exit code, stdout and stderr of a finished command. */
    record Run(int exit, String out, String err) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(out);
        }
    }

    private RegistryCli() {
    }

    static Run weft(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Weft.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** A long-running command on its own thread, stopped by interrupting it. */
    static final class Background implements AutoCloseable {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final Thread thread;
        volatile int exit = -1;

        Background(String... args) {
            thread = new Thread(() -> exit = Weft.commandLine().setOut(new PrintWriter(out, true))
                    .setErr(new PrintWriter(err, true)).execute(args), "weft-cli-under-test");
            thread.start();
        }

        synchronized String out() {
            return out.toString();
        }

        @Override
        public void close() throws InterruptedException {
            thread.interrupt();
            thread.join(15_000);
        }
    }
}
