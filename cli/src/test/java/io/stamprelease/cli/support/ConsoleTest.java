package io.stamprelease.cli.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("stamp's console")
class ConsoleTest {
  @Test
  @DisplayName("stamps every progress line with hours, minutes and seconds, on the full minute too, and keeps results off stderr")
  void progressStamps() {
    // Given a clock on a full minute, then half a second into the next one
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Console onTheMinute = new Console(new PrintWriter(out), new PrintWriter(err), Clock.fixed(Instant.parse("2026-12-06T21:25:00Z"), ZoneOffset.UTC));
    Console later = new Console(new PrintWriter(out), new PrintWriter(err), Clock.fixed(Instant.parse("2026-12-06T21:26:07.500Z"), ZoneOffset.UTC));
    // When
    onTheMinute.progress("gate of wave canary");
    later.progress("restoring");
    onTheMinute.result("done");
    // Then
    assertThat(err.toString().lines()).containsExactly("21:25:00 gate of wave canary", "21:26:07 restoring");
    assertThat(out.toString().lines()).containsExactly("done");
  }
}
