package io.stamprelease.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A child JVM running a main class of the current classpath, for promises that hold only across processes (an OS lock,
 * what a SIGKILL or a SIGTERM leaves behind). Its stdout and stderr are read line by line; a test waits for a line or
 * for the end, with a deadline, never for a time.
 */
public final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> seen = new ArrayList<>();

  private ChildJvm(Process process) {
    this.process = process;
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          lines.add(line);
        }
      } catch (IOException e) {
        // the child is gone
      }
    }, "child-jvm-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** {@code java -cp <this JVM's classpath> <main> args…} with {@code env} added to this process's environment. */
  public static ChildJvm start(Class<?> main, Map<String, String> env, String... args) throws IOException {
    return start(main, List.of(), env, args);
  }

  /** As {@link #start(Class, Map, String...)} with JVM options ({@code -Djava.io.tmpdir=…}) before the main class. */
  public static ChildJvm start(Class<?> main, List<String> jvmOptions, Map<String, String> env, String... args) throws IOException {
    return start(main, jvmOptions, env, null, args);
  }

  /**
   * The general form: JVM options, environment changes (a null value removes the variable, e.g. a build's HELM_CACHE_HOME)
   * and a working directory (null: this process's).
   */
  public static ChildJvm start(Class<?> main, List<String> jvmOptions, Map<String, String> env, java.nio.file.Path workingDirectory,
      String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.javaBinary(), "-cp", System.getProperty("java.class.path")));
    command.addAll(jvmOptions);
    command.add(main.getName());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    env.forEach((name, value) -> {
      if (value == null) {
        builder.environment().remove(name);
      } else {
        builder.environment().put(name, value);
      }
    });
    if (workingDirectory != null) {
      builder.directory(workingDirectory.toFile());
    }
    return new ChildJvm(builder.start());
  }

  /** Waits until the child prints a line that matches; fails with everything it printed when it ends or the deadline passes. */
  public String awaitLine(Predicate<String> wanted, Duration within) throws InterruptedException {
    Instant deadline = Instant.now().plus(within);
    while (Instant.now().isBefore(deadline)) {
      String line = lines.poll(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()), TimeUnit.MILLISECONDS);
      if (line == null) {
        break;
      }
      seen.add(line);
      if (wanted.test(line)) {
        return line;
      }
    }
    throw new AssertionError("the child did not print the expected line within " + within + (process.isAlive() ? "" : " (it ended with "
        + process.exitValue() + ")") + "; it printed:\n" + String.join("\n", seen));
  }

  public long pid() {
    return process.pid();
  }

  /** SIGKILL on Linux ({@link Process#destroyForcibly()}), then waits for the end. */
  public void kill() throws Exception {
    process.destroyForcibly();
    process.onExit().get(30, TimeUnit.SECONDS);
  }

  /** SIGTERM on Linux ({@link Process#destroy()}): shutdown hooks run; then waits for the end. */
  public int terminate() throws Exception {
    process.destroy();
    return process.onExit().get(60, TimeUnit.SECONDS).exitValue();
  }

  public int awaitExit(Duration within) throws Exception {
    return process.onExit().get(within.toMillis(), TimeUnit.MILLISECONDS).exitValue();
  }

  /** Everything printed so far and until the end (after {@link #awaitExit}). */
  public String output() {
    lines.drainTo(seen);
    return String.join("\n", seen);
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }

  private static final class Path {
    static String javaBinary() {
      return java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
  }
}
