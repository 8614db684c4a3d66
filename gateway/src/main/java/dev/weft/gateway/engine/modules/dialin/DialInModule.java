package dev.weft.gateway.engine.modules.dialin;

import dev.weft.engine.api.ComputeUnit;
import dev.weft.engine.api.ConversionModule;
import dev.weft.engine.api.ModuleContext;

/**
 * Conversion module {@code dialin} (S1.7 remote, the engine dials in): the
 * subtasks of its operations wait here until a heterogeneous engine, or the
 * sidecar beside it ({@code weft engine adapt --dial}), dials in to the standard
 * engine's own mutual-TLS port and takes them on a long-lived stream.
 */
public final class DialInModule implements ConversionModule {
    @Override
    public String type() {
        return "dialin";
    }

    @Override
    public ComputeUnit create(ModuleContext context) {
        DialInSettings settings = context.settings(DialInSettings.class);
        return new DialInUnit(context.unitName(), context.operations(), context.timeout(), settings.engine());
    }
}
