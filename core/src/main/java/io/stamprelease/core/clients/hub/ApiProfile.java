package io.stamprelease.core.clients.hub;

import java.util.Map;

/**
 * The api-version of each resource type a profile pins. Hubs serve the hybrid profiles only (the newest
 * azure-resourcemanager clients send versions Hub refuses), so every ARM call names its resource type and
 * takes the version from here (FACTS §2: profile 2020-09-01-hybrid).
 */
public enum ApiProfile {
  HYBRID_2020_09_01("2020-09-01-hybrid", Map.of(
      "resourceGroups", "2019-10-01",
      "Microsoft.Resources/deployments", "2019-10-01",
      "Microsoft.Compute/virtualMachines", "2020-06-01",
      "Microsoft.Compute/availabilitySets", "2020-06-01",
      "Microsoft.Compute/disks", "2019-07-01",
      "Microsoft.Network/networkInterfaces", "2018-11-01",
      "metadata", "2019-10-01")),
  HYBRID_2019_03_01("2019-03-01-hybrid", Map.of(
      "resourceGroups", "2018-05-01",
      "Microsoft.Resources/deployments", "2018-05-01",
      "Microsoft.Compute/virtualMachines", "2017-12-01",
      "Microsoft.Compute/availabilitySets", "2017-12-01",
      "Microsoft.Compute/disks", "2017-03-30",
      "Microsoft.Network/networkInterfaces", "2017-10-01",
      "metadata", "2019-10-01")),
  PUBLIC_AZURE("latest", Map.of(
      "resourceGroups", "2021-04-01",
      "Microsoft.Resources/deployments", "2021-04-01",
      "Microsoft.Network/trafficmanagerprofiles", "2022-04-01",
      "metadata", "2022-09-01"));

  private final String id;
  private final Map<String, String> versions;

  ApiProfile(String id, Map<String, String> versions) {
    this.id = id;
    this.versions = versions;
  }

  public String id() {
    return id;
  }

  /** Whether this profile pins a version for {@code resourceType} (Traffic Manager is only in public Azure's). */
  public boolean serves(String resourceType) {
    return versions.containsKey(resourceType);
  }

  public String version(String resourceType) {
    String v = versions.get(resourceType);
    if (v == null) {
      throw new IllegalStateException("API profile " + id + " pins no api-version for " + resourceType + " (a bug: check serves() first)");
    }
    return v;
  }

  public static ApiProfile parse(String value) {
    for (ApiProfile p : values()) {
      if (p.id.equalsIgnoreCase(value) || p.name().equalsIgnoreCase(value)) {
        return p;
      }
    }
    throw new IllegalArgumentException("apiProfile must be one of 2020-09-01-hybrid, 2019-03-01-hybrid, latest (was '" + value + "')");
  }
}
