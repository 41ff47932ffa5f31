package io.stamprelease.core.steps;

import java.util.Arrays;
import java.util.Optional;

/** The five steps, by the names users' pipelines call them: the one source of each step's name. */
public enum StepKind {
  AKSE_DEPLOY("akseDeploy"), AKSE_SCALE("akseScale"), HELM_ROLLOUT("helmRollout"), TRAFFIC_SHIFT("trafficShift"), STAMP_GATE("stampGate");

  private final String id;

  StepKind(String id) {
    this.id = id;
  }

  /** The step's name: the Jenkins step's function name, the {@code [akseDeploy]} of progress lines. */
  public String id() {
    return id;
  }

  public static Optional<StepKind> of(String id) {
    return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
  }

  @Override
  public String toString() {
    return id;
  }
}
