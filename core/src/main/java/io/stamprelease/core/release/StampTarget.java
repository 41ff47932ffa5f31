package io.stamprelease.core.release;

/** How to reach a stamp: its cluster's kubeconfig contents (never stored), ingress URL and public host name. */
public record StampTarget(String stamp, String hub, String kubeconfig, String ingressUrl, String appHost) {
  @Override
  public String toString() {
    return "StampTarget[" + stamp + " on " + hub + ", ingress " + ingressUrl + ", host " + appHost + "]";
  }
}
