package io.stamprelease.core.release;

import io.stamprelease.core.report.ReleaseRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The files a release leaves behind for people and the report. */
public final class ReleaseFiles {
  public static final String RELEASE_JSON = "release.json";

  private ReleaseFiles() {
  }

  /**
   * Writes {@code release.json} into {@code dir} (atomically) and returns its path. The one place that does: when
   * {@code io.stamprelease.core.report.ReleaseReports.write(record, dir)} (JSON + HTML) is merged, this method's body
   * becomes that call.
   */
  public static Path writeReleaseJson(ReleaseRecord record, Path dir) {
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve(RELEASE_JSON);
      Path tmp = Files.createTempFile(dir, RELEASE_JSON, ".tmp");
      ReleaseStateFile.JSON.writeValue(tmp.toFile(), record);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + RELEASE_JSON + " to " + dir, e);
    }
  }
}
