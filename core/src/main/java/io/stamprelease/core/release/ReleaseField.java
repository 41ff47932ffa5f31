package io.stamprelease.core.release;

import io.stamprelease.core.input.InputField;

/** The inputs of a release run: the plan, the state file it journals to, where to restart, where gate answers come from. */
public enum ReleaseField implements InputField {
  PLAN("plan"), STATE("state"), FROM("from"), APPROVALS("approvals"), AUTO_APPROVE("autoApprove");

  private final String key;

  ReleaseField(String key) {
    this.key = key;
  }

  @Override
  public String key() {
    return key;
  }
}
