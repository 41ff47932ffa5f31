package io.stamprelease.core.release;

/**
 * How to reach a stamp: its cluster's kubeconfig contents (never stored), ingress URL and public host name, and what its
 * cluster is converged from when the plan says (null: the release does not touch the cluster).
 */
public record StampTarget(String stamp, String hub, String kubeconfig, String ingressUrl, String appHost, ClusterTarget cluster) {
  public StampTarget(String stamp, String hub, String kubeconfig, String ingressUrl, String appHost) {
    this(stamp, hub, kubeconfig, ingressUrl, appHost, null);
  }

  @Override
  public String toString() {
    return "StampTarget[" + stamp + " on " + hub + ", ingress " + ingressUrl + ", host " + appHost + "]";
  }
}
