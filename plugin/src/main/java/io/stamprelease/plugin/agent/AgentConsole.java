package io.stamprelease.plugin.agent;

import hudson.model.TaskListener;
import java.io.PrintStream;
import java.util.List;

/**
 * The build log as the agent writes it: every line goes through the secrets mask ({@code ****}) first, as the
 * credentials-binding plugin masks bound secrets. Core never prints a secret; this is the second line of defence.
 */
public final class AgentConsole {
  private final PrintStream out;
  private final List<String> secrets;

  /** {@code listener} may be null for a console that only masks. */
  public AgentConsole(TaskListener listener, List<String> secrets) {
    this.out = listener == null ? null : listener.getLogger();
    this.secrets = secrets.stream().filter(s -> s != null && !s.isEmpty()).sorted((a, b) -> b.length() - a.length()).toList();
  }

  public void println(String line) {
    out.println(mask(line));
  }

  public String mask(String line) {
    String masked = line == null ? "" : line;
    for (String s : secrets) {
      masked = masked.replace(s, "****");
    }
    return masked;
  }
}
