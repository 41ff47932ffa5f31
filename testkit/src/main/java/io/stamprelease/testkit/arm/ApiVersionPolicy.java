package io.stamprelease.testkit.arm;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which api-versions a fake ARM serves per resource type. A hub emulates the hybrid profiles
 * (2020-09-01-hybrid and the older 2019-03-01-hybrid, per the Azure Stack Hub profile tables), so the
 * newest public-Azure SDK versions are refused the way Hub refuses them.
 */
public final class ApiVersionPolicy {

  private final String location;
  private final Map<String, Set<String>> versions;

  private ApiVersionPolicy(String location, Map<String, Set<String>> versions) {
    this.location = location;
    this.versions = versions;
  }

  /** Hub: Resources 2019-10-01 / 2018-05-01, Compute 2020-06-01 / 2017-12-01, Network 2018-11-01 / 2017-10-01. */
  public static ApiVersionPolicy azureStackHub(String location) {
    Set<String> resources = sorted("2016-06-01", "2016-09-01", "2017-05-10", "2018-05-01", "2019-10-01");
    return new ApiVersionPolicy(location, Map.of(
        "resourceGroups", resources,
        "Microsoft.Resources/deployments", resources,
        "Microsoft.Resources/operations", resources,
        "Microsoft.Compute/virtualMachines", sorted("2017-03-30", "2017-12-01", "2020-06-01"),
        "Microsoft.Compute/availabilitySets", sorted("2017-03-30", "2017-12-01", "2020-06-01"),
        // managed disks ship in the hybrid Compute 2020-06-01 package at 2019-07-01
        "Microsoft.Compute/disks", sorted("2017-03-30", "2018-04-01", "2019-07-01"),
        "Microsoft.Compute/operations", sorted("2017-03-30", "2017-12-01", "2018-04-01", "2019-07-01", "2020-06-01"),
        "Microsoft.Network/networkInterfaces", sorted("2017-10-01", "2018-11-01"),
        "Microsoft.Network/operations", sorted("2017-10-01", "2018-11-01")));
  }

  /** The simulated public-Azure region: current versions (Traffic Manager 2022-04-01). */
  public static ApiVersionPolicy publicAzure(String location) {
    Set<String> resources = sorted("2019-10-01", "2021-04-01", "2022-09-01", "2024-03-01", "2025-04-01");
    return new ApiVersionPolicy(location, Map.of(
        "resourceGroups", resources,
        "Microsoft.Resources/deployments", resources,
        "Microsoft.Network/trafficmanagerprofiles", sorted("2018-04-01", "2018-08-01", "2022-04-01")));
  }

  /** Refuses a missing or unserved api-version with the error Hub returns. */
  public void check(String resourceType, String apiVersion) {
    if (apiVersion == null || apiVersion.isBlank()) {
      throw ArmException.badRequest("MissingApiVersionParameter",
          "The api-version query parameter (?api-version=) is required for all requests.");
    }
    Set<String> served = versions.get(resourceType);
    if (served == null || served.contains(apiVersion)) {
      return;
    }
    String list = String.join(", ", served);
    if (resourceType.equals("resourceGroups")) {
      throw ArmException.badRequest("InvalidApiVersionParameter", "The api-version '" + apiVersion
          + "' is invalid. The supported versions are '" + list + "'.");
    }
    String[] nsType = resourceType.split("/", 2);
    throw ArmException.badRequest("NoRegisteredProviderFound", "No registered resource provider found for location '"
        + location + "' and API version '" + apiVersion + "' for type '" + nsType[1] + "'. The supported api-versions are '"
        + list + "'. The supported locations are '" + location + "'.");
  }

  public List<String> served(String resourceType) {
    return List.copyOf(versions.getOrDefault(resourceType, Set.of()));
  }

  private static Set<String> sorted(String... values) {
    return new TreeSet<>(List.of(values));
  }
}
