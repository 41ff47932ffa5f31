package io.stamprelease.cli.support;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Where `stamp` writes: progress to stderr (timestamped), machine-readable results to stdout. */
public final class Console {
  /** Always with seconds: LocalTime's own toString drops ":00" (a line at 21:25:00 read "21:25"). */
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

  private final PrintWriter out;
  private final PrintWriter err;
  private final Clock clock;

  public Console(PrintWriter out, PrintWriter err) {
    this(out, err, Clock.systemDefaultZone());
  }

  /** @param clock the time zone and time of the progress lines' stamps */
  public Console(PrintWriter out, PrintWriter err, Clock clock) {
    this.out = out;
    this.err = err;
    this.clock = clock;
  }

  public void progress(String message) {
    err.println(LocalTime.now(clock).format(TIME) + " " + message);
    err.flush();
  }

  public void error(String message) {
    err.println("error: " + message);
    err.flush();
  }

  public void result(String text) {
    out.println(text);
    out.flush();
  }
}
