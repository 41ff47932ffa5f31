package io.stamprelease.core.report;

import io.stamprelease.core.files.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a release's two report files side by side: {@code release.json} (for machines) and {@code release-report.html} (for people). */
public final class ReleaseReports {
  public static final String JSON_FILE = "release.json";
  public static final String HTML_FILE = "release-report.html";

  private ReleaseReports() {
  }

  /** Both paths written by {@link #write}. */
  public record Written(Path json, Path html) {
  }

  /** Creates {@code dir} if needed and writes both files into it (each atomically); returns their paths. */
  public static Written write(ReleaseRecord record, Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the report directory " + dir, e);
    }
    Path json = dir.resolve(JSON_FILE);
    ReleaseJson.write(record, json);
    Path html = dir.resolve(HTML_FILE);
    writeHtml(record, html);
    return new Written(json, html);
  }

  /** Writes only the HTML page (what {@code stamp report} does from a release.json). */
  public static void writeHtml(ReleaseRecord record, Path file) {
    AtomicFile.write(file, ReleaseReportHtml.render(record));
  }
}
