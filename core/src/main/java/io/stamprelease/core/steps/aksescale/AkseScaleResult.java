package io.stamprelease.core.steps.aksescale;

import io.stamprelease.core.steps.PlainValues;
import io.stamprelease.core.steps.StepKind;
import io.stamprelease.core.steps.StepResult;
import io.stamprelease.core.steps.aksescale.ScaleState.NodeRemoval;
import io.stamprelease.core.steps.aksescale.ScaleState.Phase;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code akseScale} returns, for people and pipelines: counts before/after, nodes added and removed, each drain's
 * time, and where each node still on its way out stopped (after a failure).
 */
public record AkseScaleResult(String hub, String resourceGroup, String pool, int target, int before, int after, List<String> added,
    List<String> removed, Map<String, Long> drainMillis, Map<String, String> unfinished, List<String> notes) implements StepResult {
  private static final long serialVersionUID = 1L;

  public AkseScaleResult {
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    drainMillis = Collections.unmodifiableMap(new LinkedHashMap<>(drainMillis));
    unfinished = Collections.unmodifiableMap(new LinkedHashMap<>(unfinished));
    notes = List.copyOf(notes);
  }

  public static AkseScaleResult of(String hub, String resourceGroup, ScaleState state, boolean succeeded) {
    Map<String, Long> drains = new LinkedHashMap<>();
    Map<String, String> unfinished = new LinkedHashMap<>();
    for (NodeRemoval r : state.removals()) {
      if (r.drainTime() != null) {
        drains.put(r.node(), r.drainTime().toMillis());
      }
      if (!r.done()) {
        unfinished.put(r.node(), r.phase().name().toLowerCase(Locale.ROOT).replace('_', '-')
            + (r.blockedBy() == null ? "" : " (" + r.blockedBy() + ")"));
      }
    }
    List<String> removed = state.removals().stream().filter(r -> r.phase() == Phase.NODE_DELETED && r.counted()).map(NodeRemoval::node).toList();
    int after = succeeded ? state.after() : state.before() - removed.size();
    return new AkseScaleResult(hub, resourceGroup, state.pool(), state.target(), state.before(), after, succeeded ? state.added() : List.of(),
        removed, drains, unfinished, state.notes());
  }

  @Override
  public StepKind step() {
    return StepKind.AKSE_SCALE;
  }

  @Override
  public Map<String, Object> toPlainMap() {
    return new PlainValues().put("hub", hub).put("resourceGroup", resourceGroup).put("pool", pool).put("target", target).put("before", before)
        .put("after", after).put("added", added).put("removed", removed).put("drainMillis", new LinkedHashMap<>(drainMillis))
        .put("unfinished", new LinkedHashMap<>(unfinished)).put("notes", notes).put("summary", summary()).map();
  }

  /** The pool's node count after the scale. */
  @Override
  public Facts facts() {
    return new Facts(null, null, null, Map.of(pool, after), List.of(), List.of());
  }

  /**
   * One line: {@code agentpool1: 3 -> 5 nodes (added k8s-…-3, k8s-…-4)}; a scale that did not get there says so
   * ({@code target 5 not reached}) — "already at the target" only when the pool was at its target to begin with.
   */
  @Override
  public String summary() {
    StringBuilder s = new StringBuilder(pool + ": " + before + " -> " + after + " nodes");
    if (before == target && after == target && added.isEmpty() && removed.isEmpty() && unfinished.isEmpty()) {
      s.append(" (already at the target; nothing changed)");
    } else if (after != target) {
      s.append(" (target ").append(target).append(" not reached)");
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
