package io.stamprelease.cli.release;

import io.stamprelease.core.release.GateAnswers;
import io.stamprelease.core.steps.stampgate.Approval;
import io.stamprelease.core.steps.stampgate.GatePolicy;
import io.stamprelease.core.steps.stampgate.GateState;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The interactive gate: asks the person at the terminal (identity: {@code $USER}, else the OS user) once per gate
 * whether to approve, with a comment. Their answer still goes through the gate rules (listed approver, not the
 * requester unless the plan allows, distinct people); if quorum needs more people, the gate stays open in the state
 * file and the next person runs the same command. No input (end of stream) means no answer.
 */
public final class PromptGate implements GateAnswers {
  private final BufferedReader in;
  private final PrintWriter err;
  private final String user;
  private final Clock clock;
  private final Set<String> asked = new HashSet<>();

  PromptGate(BufferedReader in, PrintWriter err, String user, Clock clock) {
    this.in = in;
    this.err = err;
    this.user = user;
    this.clock = clock;
  }

  public static String currentUser() {
    String env = System.getenv("USER");
    return env != null && !env.isBlank() ? env : System.getProperty("user.name", "unknown");
  }

  @Override
  public List<Approval> next(String wave, GatePolicy policy, GateState state) {
    if (!asked.add(wave) || state.answers().stream().anyMatch(a -> a.user().equals(user))) {
      return List.of();
    }
    try {
      err.print("gate of wave " + wave + " (" + state.answers().size() + "/" + policy.minApprovals() + " approvals; approvers "
          + String.join(", ", policy.approvers().stream().sorted().toList()) + ")\n  " + user + ", approve? [approve/reject/skip]: ");
      err.flush();
      String answer = in.readLine();
      if (answer == null || answer.isBlank() || answer.trim().toLowerCase().startsWith("s")) {
        return List.of();
      }
      Approval.Decision decision = answer.trim().toLowerCase().startsWith("r") ? Approval.Decision.REJECT : Approval.Decision.APPROVE;
      err.print("  comment: ");
      err.flush();
      String comment = in.readLine();
      return List.of(new Approval(user, Set.of(), decision, clock.instant(), comment == null ? "" : comment.trim()));
    } catch (IOException e) {
      return List.of();
    }
  }
}
