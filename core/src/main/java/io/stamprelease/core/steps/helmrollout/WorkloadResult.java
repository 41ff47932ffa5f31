package io.stamprelease.core.steps.helmrollout;

import java.io.Serializable;
import java.util.List;

/**
 * One workload's result in a rollout: kind, name, whether it is fully rolled out, the progress line
 * ({@code web: 2/3 updated, 1/3 available}), and on failure the per-pod reasons and the workload's recent events.
 */
public record WorkloadResult(String kind, String name, boolean ready, String summary, List<String> problems, List<String> events)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public WorkloadResult {
    problems = List.copyOf(problems);
    events = List.copyOf(events);
  }

  static WorkloadResult waiting(ReleaseManifest.WorkloadRef ref, String summary) {
    return new WorkloadResult(ref.kind(), ref.name(), false, summary, List.of(), List.of());
  }
}
