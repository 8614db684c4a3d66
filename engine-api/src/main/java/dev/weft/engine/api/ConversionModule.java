package dev.weft.engine.api;

/**
 * A kind of conversion module (S1.6): how the standard engine reaches one kind of
 * heterogeneous engine (an HTTP service, a local program, a SQL database, …).
 * Each entry of an engine configuration's {@code engines:} list names a module by
 * {@link #type()} and carries that module's own settings section; the standard
 * engine asks the module for one {@link ComputeUnit} per entry.
 *
 * <p>Adding a module is one registration: implement this interface and list the
 * class in {@code META-INF/services/dev.weft.engine.api.ConversionModule}; the
 * standard engine finds it with {@link java.util.ServiceLoader}.
 *
 * <pre>{@code
 * public final class EchoModule implements ConversionModule {
 *     public record Settings(String prefix) { }
 *     public String type() { return "echo"; }
 *     public ComputeUnit create(ModuleContext context) {
 *         Settings settings = context.settings(Settings.class);
 *         return new EchoUnit(context.unitName(), context.operations(), settings.prefix());
 *     }
 * }
 * }</pre>
 * and in {@code engine.yaml}:
 * <pre>
 * engines:
 *   - name: echo-1
 *     module: echo
 *     operations: [echo]
 *     echo: {prefix: "&gt; "}
 * </pre>
 */
public interface ConversionModule {

    /** The module's name in configurations, e.g. {@code http}, {@code process}, {@code jdbc}. */
    String type();

    /**
     * A unit for one configured engine. Checks its settings now and throws
     * {@link ModuleConfigException} naming what is wrong, so that a bad
     * configuration stops {@code weft engine serve} at start, not at the first task.
     */
    ComputeUnit create(ModuleContext context) throws Exception;
}
