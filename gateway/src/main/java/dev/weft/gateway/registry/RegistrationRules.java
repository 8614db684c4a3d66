package dev.weft.gateway.registry;

import dev.weft.gateway.registry.RegistryException.Reason;
import java.util.HashSet;
import java.util.Set;

/** What a registration must look like before the service center takes it. */
final class RegistrationRules {
    private static final int MAX_NAME = 256;
    static final int MAX_UNITS = 64;
    static final int MAX_OPERATIONS = 64;

    private RegistrationRules() {
    }

    static void validate(ServiceCenter.Registration r) {
        requireName(r.framework(), "framework name");
        requireName(r.endpoint(), "endpoint");
        int colon = r.endpoint().lastIndexOf(':');
        if (colon <= 0 || colon == r.endpoint().length() - 1) {
            throw invalid("endpoint must be host:port, not '" + r.endpoint() + "'");
        }
        if (r.units().isEmpty()) {
            throw invalid("framework " + r.framework() + " registers no units");
        }
        if (r.units().size() > MAX_UNITS) {
            throw invalid("framework " + r.framework() + " registers " + r.units().size() + " units; at most "
                    + MAX_UNITS);
        }
        Set<String> names = new HashSet<>();
        for (UnitService u : r.units()) {
            requireName(u.name(), "unit name");
            if (!names.add(u.name())) {
                throw invalid("two units are named " + u.name());
            }
            if (u.operations().isEmpty() || u.operations().size() > MAX_OPERATIONS) {
                throw invalid("unit " + u.name() + " must serve 1.." + MAX_OPERATIONS + " operations");
            }
            u.operations().forEach(op -> requireName(op, "operation of unit " + u.name()));
        }
    }

    private static void requireName(String value, String what) {
        if (value == null || value.isBlank() || value.length() > MAX_NAME || !value.strip().equals(value)) {
            throw invalid(what + " must be 1.." + MAX_NAME + " characters without surrounding spaces");
        }
    }

    private static RegistryException invalid(String message) {
        return new RegistryException(Reason.INVALID_REQUEST, message);
    }
}
