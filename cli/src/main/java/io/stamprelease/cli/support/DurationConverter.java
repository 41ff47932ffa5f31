package io.stamprelease.cli.support;

import io.stamprelease.core.input.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations as people write them ({@link Durations#parse}), the same as in plans and Jenkins step arguments. */
public final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    return Durations.parse(value).orElseThrow(() ->
        new TypeConversionException("'" + value + "' is not a duration (allowed: " + Durations.ALLOWED + ")"));
  }
}
