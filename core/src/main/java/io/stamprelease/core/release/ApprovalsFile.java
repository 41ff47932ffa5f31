package io.stamprelease.core.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.stamprelease.core.input.InvalidInputException;
import io.stamprelease.core.input.Problems;
import io.stamprelease.core.steps.stampgate.Approval;
import io.stamprelease.core.steps.stampgate.GatePolicy;
import io.stamprelease.core.steps.stampgate.GateState;
import io.stamprelease.core.steps.stampgate.Gates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code --approvals approvals.yaml}: scripted gate answers, a list of {@code {wave, user, decision, comment}}
 * (optionally {@code groups}). Checked against the plan before anything runs, with the same rules the gate applies
 * ({@link Gates#refusal}): an answer naming no gated wave, from someone who is not an approver, from the requester
 * (unless the plan allows it) or twice from one person is refused as invalid input — nothing is written.
 */
public final class ApprovalsFile implements GateAnswers {
  /** One scripted answer. */
  public record Entry(String wave, String user, Set<String> groups, Approval.Decision decision, String comment) {
  }

  private final List<Entry> entries;
  private final Clock clock;

  private ApprovalsFile(List<Entry> entries, Clock clock) {
    this.entries = List.copyOf(entries);
    this.clock = clock;
  }

  public List<Entry> entries() {
    return entries;
  }

  public static ApprovalsFile load(Path file, ReleasePlan plan, String requester, Clock clock) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
    } catch (IOException e) {
      throw InvalidInputException.of("approvals", ReleaseField.APPROVALS, "cannot read '" + file + "': "
          + e.getMessage().lines().findFirst().orElse(""));
    }
    Problems p = new Problems("approvals");
    JsonNode list = root != null && root.has("approvals") ? root.get("approvals") : root;
    p.check(list != null && list.isArray(), ReleaseField.APPROVALS, "must be a list of {wave, user, decision, comment}");
    List<Entry> entries = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    int i = 0;
    for (JsonNode n : list == null || !list.isArray() ? List.<JsonNode>of() : iterable(list)) {
      String field = "approvals[" + i++ + "]";
      String wave = n.path("wave").asText("");
      String user = n.path("user").asText("");
      String decisionText = n.path("decision").asText("approve").toLowerCase();
      Approval.Decision decision = switch (decisionText) {
        case "approve", "approved" -> Approval.Decision.APPROVE;
        case "reject", "rejected" -> Approval.Decision.REJECT;
        default -> null;
      };
      p.checkAt(decision != null, ReleaseField.APPROVALS, field + ".decision", "must be approve or reject (was '" + decisionText + "')");
      p.checkAt(!user.isBlank(), ReleaseField.APPROVALS, field + ".user", "is required");
      Set<String> groups = new HashSet<>();
      n.path("groups").forEach(g -> groups.add(g.asText()));
      ReleasePlan.Wave w = plan.waves().stream().filter(x -> x.name().equals(wave)).findFirst().orElse(null);
      if (p.checkAt(w != null, ReleaseField.APPROVALS, field + ".wave", "no wave '" + wave + "' in the plan (waves: "
          + String.join(", ", plan.waves().stream().map(ReleasePlan.Wave::name).toList()) + ")")
          && p.checkAt(w.gate() != null, ReleaseField.APPROVALS, field + ".wave", "wave '" + wave + "' has no gate") && !user.isBlank()) {
        // the same rules the gate will apply, on a gate opened now: refused here means refused there
        GateState fresh = GateState.open(wave, requester, clock.instant());
        Gates.refusal(w.gate().policy(), fresh, user, groups, clock.instant()).ifPresent(why -> p.addAt(ReleaseField.APPROVALS, field, why));
        p.checkAt(seen.add(wave + "\u0000" + user), ReleaseField.APPROVALS, field, user + " answers the gate of '" + wave + "' twice; approvals must come from distinct people");
      }
      entries.add(new Entry(wave, user, groups, decision, n.path("comment").asText("")));
    }
    p.throwIfAny();
    return new ApprovalsFile(entries, clock);
  }

  private static Iterable<JsonNode> iterable(JsonNode array) {
    List<JsonNode> l = new ArrayList<>();
    array.forEach(l::add);
    return l;
  }

  @Override
  public List<Approval> next(String wave, GatePolicy policy, GateState state) {
    Instant now = clock.instant();
    return entries.stream().filter(e -> e.wave().equals(wave))
        .filter(e -> state.answers().stream().noneMatch(a -> a.user().equals(e.user())))
        .map(e -> new Approval(e.user(), e.groups(), e.decision(), now, e.comment())).toList();
  }
}
