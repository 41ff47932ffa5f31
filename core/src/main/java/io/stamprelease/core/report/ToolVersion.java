package io.stamprelease.core.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The one version string of a build, stamped into core's jar by Maven: what {@code stamp --version} prints and what a
 * release record names as its tool ({@code stamp 0.1.0}, {@code stamp-release plugin 0.1.0}). Core, the CLI and the
 * plugin are built and released together, so core's version is each front end's.
 */
public final class ToolVersion {
  private static final String VERSION = read();

  private ToolVersion() {
  }

  /** The version alone, e.g. {@code 0.1.0-SNAPSHOT}. */
  public static String version() {
    return VERSION;
  }

  /** {@code <frontEnd> <version>}, e.g. {@code stamp 0.1.0}. */
  public static String of(String frontEnd) {
    return frontEnd + " " + VERSION;
  }

  private static String read() {
    Properties p = new Properties();
    try (InputStream in = ToolVersion.class.getResourceAsStream("tool-version.properties")) {
      if (in == null) {
        throw new IllegalStateException("core's jar has no tool-version.properties; build it with Maven");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p.getProperty("version");
  }
}
