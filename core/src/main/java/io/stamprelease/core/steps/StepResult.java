package io.stamprelease.core.steps;

import io.stamprelease.core.traffic.ChangeRecord;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What a step returns, typed: each step has its own record ({@code AkseDeployResult}, {@code AkseScaleResult},
 * {@code HelmRolloutResult}, {@code TrafficShiftResult}, {@code StampGateResult}). Front ends render it: a Jenkins step
 * returns {@link #toPlainMap()}, the CLI prints it as {@code --output json}, and the release report takes its
 * {@link #facts()} — never by reading keys of a map.
 */
public interface StepResult extends Serializable {
  StepKind step();

  /** The result as plain values (String, Integer, Long, Boolean, List, Map): a Pipeline's return value, the JSON output. */
  Map<String, Object> toPlainMap();

  /** One line for people: the CLI's text result, the report's phase message. */
  String summary();

  /** What the release report shows of this result. */
  default Facts facts() {
    return Facts.NONE;
  }

  /**
   * The report's part of a result: what was deployed (chart, version, images), how big the cluster is (Ready nodes per
   * pool), why it failed, and every traffic change. Absent values are null (images) or empty.
   */
  record Facts(String chart, String chartVersion, List<String> images, Map<String, Integer> nodeCounts, List<String> failures,
      List<ChangeRecord> trafficChanges) implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final Facts NONE = new Facts(null, null, null, Map.of(), List.of(), List.of());

    public Facts {
      images = images == null ? null : List.copyOf(images);
      nodeCounts = PlainValues.ordered(nodeCounts);
      failures = List.copyOf(failures);
      trafficChanges = List.copyOf(trafficChanges);
    }
  }
}
