package io.stamprelease.cli.support;

import io.stamprelease.core.release.ReleaseListener;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The release's progress on stderr: on a terminal one line per stamp (phase, percent, last message) redrawn in place
 * with ANSI cursor movement; otherwise (CI logs, tests) a plain timestamped line whenever a stamp's phase or message
 * changes.
 */
public final class ProgressDisplay implements ReleaseListener {
  private final Console console;
  private final PrintWriter err;
  private final boolean tty;
  private final Map<String, StampStatus> stamps = new LinkedHashMap<>();
  private int drawn;

  public ProgressDisplay(Console console, PrintWriter err, boolean tty) {
    this.console = console;
    this.err = err;
    this.tty = tty;
  }

  /** A terminal that understands ANSI: a console is attached and TERM is not dumb. */
  public static boolean isTerminal() {
    String term = System.getenv("TERM");
    return System.console() != null && term != null && !term.equals("dumb");
  }

  @Override
  public synchronized void stampChanged(StampStatus s) {
    StampStatus before = stamps.put(s.stamp(), s);
    if (tty) {
      redraw();
    } else if (before == null || before.phase() != s.phase() || !Objects.equals(before.message(), s.message())) {
      console.progress(line(s));
    }
  }

  @Override
  public synchronized void line(String message) {
    if (tty) {
      clear();
      console.progress(message);
      redraw();
    } else {
      console.progress(message);
    }
  }

  public static String line(StampStatus s) {
    String msg = s.message() == null ? "" : s.message();
    return String.format("%-10s %-8s %-12s %3d%%  %s", s.stamp(), s.wave(), s.phase(), s.percent(), msg.length() > 100 ? msg.substring(0, 97)
        + "..." : msg);
  }

  private void clear() {
    if (drawn > 0) {
      err.print("\033[" + drawn + "A");
      for (int i = 0; i < drawn; i++) {
        err.print("\033[2K\n");
      }
      err.print("\033[" + drawn + "A");
      drawn = 0;
    }
  }

  private void redraw() {
    if (drawn > 0) {
      err.print("\033[" + drawn + "A");
    }
    for (StampStatus s : stamps.values()) {
      err.print("\033[2K" + line(s) + "\n");
    }
    drawn = stamps.size();
    err.flush();
  }
}
