package io.stamprelease.core.akse.scale;

import io.stamprelease.core.akse.scale.ScaleState.NodeRemoval;
import io.stamprelease.core.akse.scale.ScaleState.Phase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a scale did, for people and pipelines: counts before/after, nodes added and removed, each drain's time,
 * and where each node still on its way out stopped (after a failure).
 */
public record ScaleReport(String pool, int target, int before, int after, List<String> added, List<String> removed,
    Map<String, Long> drainMillis, Map<String, String> unfinished, List<String> notes) {

  public static ScaleReport of(ScaleState state, boolean succeeded) {
    Map<String, Long> drains = new LinkedHashMap<>();
    Map<String, String> unfinished = new LinkedHashMap<>();
    for (NodeRemoval r : state.removals()) {
      if (r.drainTime() != null) {
        drains.put(r.node(), r.drainTime().toMillis());
      }
      if (!r.done()) {
        unfinished.put(r.node(), r.phase().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
            + (r.blockedBy() == null ? "" : " (" + r.blockedBy() + ")"));
      }
    }
    List<String> removed = state.removals().stream().filter(r -> r.phase() == Phase.NODE_DELETED && r.counted()).map(NodeRemoval::node).toList();
    int after = succeeded ? state.after() : state.before() - removed.size();
    return new ScaleReport(state.pool(), state.target(), state.before(), after, succeeded ? state.added() : List.of(), removed, drains,
        unfinished, state.notes());
  }

  /** One line: {@code agentpool1: 3 -> 5 nodes (added k8s-…-3, k8s-…-4)}. */
  public String summary() {
    StringBuilder s = new StringBuilder(pool + ": " + before + " -> " + after + " nodes");
    if (before == after && added.isEmpty() && removed.isEmpty()) {
      s.append(" (already at the target; nothing changed)");
    }
    if (!added.isEmpty()) {
      s.append("; added ").append(String.join(", ", added));
    }
    if (!removed.isEmpty()) {
      s.append("; removed ").append(String.join(", ", removed));
    }
    drainMillis.forEach((node, ms) -> s.append("; drained ").append(node).append(" in ").append(ms).append("ms"));
    unfinished.forEach((node, where) -> s.append("; ").append(node).append(" stopped at ").append(where));
    return s.toString();
  }
}
