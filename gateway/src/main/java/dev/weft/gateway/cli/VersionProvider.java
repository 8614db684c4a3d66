package dev.weft.gateway.cli;

import picocli.CommandLine.IVersionProvider;

final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Weft.class.getPackage().getImplementationVersion();
        return new String[] {"weft " + (v == null ? "development" : v)};
    }
}
