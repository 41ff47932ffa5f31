package io.stamprelease.core.release;

/**
 * Run settings of a release that are not part of its plan, as given (null = the step's own default): they become the
 * inputs of the steps the release runs.
 *
 * @param dnsWait       replaces the DNS wait computed from the traffic profile (trafficShift's {@code wait})
 * @param poll          how often the traffic health gate reads the provider (trafficShift's {@code poll})
 * @param helmTimeout   how long a rollout (and then its rollback) may take to become ready (helmRollout's {@code timeout})
 * @param smokeAttempts smoke probe tries (helmRollout's {@code probeAttempts}), {@code smokeInterval} between them
 * @param clusterPoll   how often the cluster steps look at nodes and drains (akseDeploy's and akseScale's {@code pollInterval})
 */
public record ReleaseOptions(String dnsWait, String poll, String helmTimeout, Integer smokeAttempts, String smokeInterval, String clusterPoll) {
  public ReleaseOptions(String dnsWait, String poll, String helmTimeout, Integer smokeAttempts, String smokeInterval) {
    this(dnsWait, poll, helmTimeout, smokeAttempts, smokeInterval, null);
  }

  public static ReleaseOptions defaults() {
    return new ReleaseOptions(null, null, null, null, null, null);
  }
}
