package dev.weft.gateway.registry;

import dev.weft.engine.api.ComputeUnit;
import dev.weft.engine.api.UnitRequest;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/** A unit whose availability the test switches; its result names the unit that ran it. */
final class SwitchableUnit implements ComputeUnit {
    private final String name;
    private final Set<String> operations;
    volatile boolean available = true;

    SwitchableUnit(String name, String... operations) {
        this.name = name;
        this.operations = Set.of(operations);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<String> operations() {
        return operations;
    }

    @Override
    public boolean available() {
        return available;
    }

    @Override
    public byte[] execute(UnitRequest request) {
        return ("\"" + name + "\"").getBytes(StandardCharsets.UTF_8);
    }
}
