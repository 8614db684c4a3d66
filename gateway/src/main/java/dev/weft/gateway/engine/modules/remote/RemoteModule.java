package dev.weft.gateway.engine.modules.remote;

import dev.weft.engine.api.ComputeUnit;
import dev.weft.engine.api.ConversionModule;
import dev.weft.engine.api.ModuleContext;
import dev.weft.gateway.transport.GrpcChannels;
import dev.weft.gateway.transport.TlsMaterial;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.nio.file.Path;

/**
 * Conversion module {@code remote} (S1.6, the conversion module beside the
 * engine): the standard engine hands a subtask, in the standard engine protocol
 * over mutual TLS, to a sidecar that runs the real conversion module next to a
 * remote heterogeneous engine ({@code weft engine adapt --config …}).
 */
public final class RemoteModule implements ConversionModule {
    @Override
    public String type() {
        return "remote";
    }

    @Override
    public ComputeUnit create(ModuleContext context) {
        RemoteSettings settings = context.settings(RemoteSettings.class);
        Path base = context.baseDirectory();
        TlsMaterial tls = new TlsMaterial(base.resolve(settings.tls().cert()), base.resolve(settings.tls().key()),
                base.resolve(settings.tls().ca()));
        ManagedChannelBuilder<?> builder = GrpcChannels.mutualTls(settings.endpoint(), tls);
        if (settings.authority() != null) {
            builder.overrideAuthority(settings.authority());
        }
        ManagedChannel channel = builder.build();
        return new RemoteUnit(context.unitName(), context.operations(), context.timeout(), settings.endpoint(),
                channel, settings.exchange() == null ? null : settings.exchange().delegate());
    }
}
