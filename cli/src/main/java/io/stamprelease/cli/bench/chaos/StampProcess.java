package io.stamprelease.cli.bench.chaos;

import io.stamprelease.cli.StampCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A {@code stamp} command in a JVM of its own — a real process, so a kill is a real SIGKILL
 * ({@link Process#destroyForcibly()} on Linux): no shutdown hook, no finally block, no flush. It runs the jar this code
 * came from ({@code java -jar stamp.jar}) or, from a classes directory, the same class path; with its own HOME and
 * temporary directory, so what it leaves behind can be counted.
 */
public final class StampProcess {
  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();

  private StampProcess(Process process) {
    this.process = process;
  }

  /** How to start {@code stamp} here: {@code java -jar <jar>} or {@code java -cp <class path> StampCommand}. */
  public static List<String> launcher() {
    String java = ProcessHandle.current().info().command().orElse("java");
    try {
      Path from = Path.of(StampCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isRegularFile(from) && from.toString().endsWith(".jar")) {
        return List.of(java, "-jar", from.toString());
      }
    } catch (URISyntaxException | SecurityException e) {
      // fall through to the class path
    }
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return List.of(java, "-cp", classPath, StampCommand.class.getName());
  }

  /** Starts {@code args} with {@code home} as HOME and {@code tmp} as the JVM's temporary directory; every output line goes to {@code onLine}. */
  public static StampProcess start(List<String> launcher, List<String> args, Path home, Path tmp, Consumer<String> onLine) throws IOException {
    List<String> command = new ArrayList<>(launcher.subList(0, 1));
    command.add("-Djava.io.tmpdir=" + tmp);
    command.add("-Djna.tmpdir=" + tmp.resolve("jna"));
    command.add("-Dcom.marcnuri.jkube-helm.skipRemoteJar=true");
    command.addAll(launcher.subList(1, launcher.size()));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("HOME", home.toString());
    pb.environment().put("KUBECONFIG", "/dev/null");
    StampProcess p = new StampProcess(pb.start());
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(p.process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          p.lines.add(line);
          onLine.accept(line);
        }
      } catch (IOException e) {
        // the process was killed: its output ends here
      }
    }, "stamp-output");
    reader.setDaemon(true);
    reader.start();
    return p;
  }

  /** SIGKILL, then waits for the process to be gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Waits for the exit; {@code -1} if it did not end within {@code limit} (it is then killed). */
  public int await(Duration limit) throws InterruptedException {
    if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      kill();
      return -1;
    }
    return process.exitValue();
  }

  public boolean alive() {
    return process.isAlive();
  }

  public List<String> lines() {
    return List.copyOf(lines);
  }
}
