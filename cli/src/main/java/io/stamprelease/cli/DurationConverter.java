package io.stamprelease.cli;

import io.stamprelease.core.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations as people write them ({@link Durations#parse}), the same as in plans and Jenkins step arguments. */
final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    return Durations.parse(value).orElseThrow(() ->
        new TypeConversionException("'" + value + "' is not a duration (allowed: " + Durations.ALLOWED + ")"));
  }
}
