package dev.weft.gateway.cli;

import dev.weft.gateway.engine.config.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations as people type them on the command line, by the same rule as the
 * engine configuration ({@link Durations}): {@code 500ms}, {@code 90s}, {@code 5m},
 * {@code 2h}, {@code 1d}, a bare number of seconds, or ISO-8601 ({@code PT5M}).
 */
final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
