package io.stamprelease.core.release;

import io.stamprelease.core.input.InputField;

/**
 * The inputs of a release run: the plan, the state file it journals to, where its reports go, where to restart, where gate answers come from,
 * and the run's options its steps take (the rollout's timeout, the DNS wait and health-gate poll of its traffic steps).
 */
public enum ReleaseField implements InputField {
  PLAN("plan"), STATE("state"), OUT("out"), FROM("from"), APPROVALS("approvals"), AUTO_APPROVE("autoApprove"), TIMEOUT("timeout"),
  DNS_WAIT("dnsWait"), POLL("poll");

  private final String key;

  ReleaseField(String key) {
    this.key = key;
  }

  @Override
  public String key() {
    return key;
  }
}
