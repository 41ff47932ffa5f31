package io.stamprelease.core.report;

import io.stamprelease.core.report.ReleaseRecord.Result;
import java.util.List;
import java.util.Locale;

/** What the report page and its timeline share when they write markup: one escaper, the result classes, the endpoint colours. */
final class ReportMarkup {
  /** Okabe–Ito: told apart with the common colour-vision deficiencies. */
  static final List<String> ENDPOINT_COLOURS = List.of("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#999999");

  private ReportMarkup() {
  }

  /** HTML-escapes text for element content and quoted attribute values alike. */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c < 0x20 && c != '\n' && c != '\t' ? ' ' : c);
      }
    }
    return out.toString();
  }

  static String colour(int index) {
    return ENDPOINT_COLOURS.get(index % ENDPOINT_COLOURS.size());
  }

  static String resultClass(Result r) {
    return r == null ? "r-unknown" : "r-" + r.name().toLowerCase(Locale.ROOT);
  }

  static String clip(String s, int max) {
    return s == null ? "" : s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
