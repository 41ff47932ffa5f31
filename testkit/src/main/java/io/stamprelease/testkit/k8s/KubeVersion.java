package io.stamprelease.testkit.k8s;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.VersionInfo;

/** The Kubernetes version the simulated cluster reports on {@code /version}. */
record KubeVersion(String major, String minor, String gitVersion) {

  /** AKS Engine's default line on Azure Stack Hub. */
  static final KubeVersion DEFAULT = new KubeVersion("1", "33", "v1.33.5");

  ObjectNode toJson() {
    return KubeStatus.JSON.createObjectNode().put("major", major).put("minor", minor).put("gitVersion", gitVersion)
        .put("gitCommit", "simulated").put("gitTreeState", "clean").put("buildDate", "2025-09-09T00:00:00Z")
        .put("goVersion", "go1.24.6").put("compiler", "gc").put("platform", "linux/amd64");
  }

  VersionInfo toVersionInfo() {
    return new VersionInfo.Builder().withMajor(major).withMinor(minor).withGitVersion(gitVersion)
        .withPlatform("linux/amd64").build();
  }
}
