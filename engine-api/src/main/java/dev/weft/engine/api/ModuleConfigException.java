package dev.weft.engine.api;

/** An engine configuration a module cannot run with; the message names the setting. */
public final class ModuleConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModuleConfigException(String message) {
        super(message);
    }

    public ModuleConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
