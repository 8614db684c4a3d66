package dev.weft.gateway.engine.modules.dialin;

import dev.weft.engine.api.ModuleConfigException;

/**
 * Settings of module {@code dialin}.
 *
 * @param engine the name the dialing engine gives in its Hello ({@code weft engine adapt --name}); another
 *     name is refused, so that two dialers cannot take each other's work
 */
public record DialInSettings(String engine) {
    public DialInSettings {
        if (engine == null || !engine.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new ModuleConfigException("dialin.engine names the dialing engine (letters, digits, . _ -)");
        }
    }
}
