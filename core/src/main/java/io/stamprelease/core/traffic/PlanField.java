package io.stamprelease.core.traffic;

import io.stamprelease.core.input.InputField;

/**
 * The inputs a {@link StepPlan} can find wrong. The traffic model is pure and knows no step; the trafficShift step maps
 * these to its own fields (they share names and keys), so a front end labels them like any other field.
 */
public enum PlanField implements InputField {
  SET("set"), DRAIN("drain"), RESTORE("restore"), SHIFT_TO("shiftTo"), STEPS("steps");

  private final String key;

  PlanField(String key) {
    this.key = key;
  }

  @Override
  public String key() {
    return key;
  }
}
