package io.stamprelease.testkit.k8s;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One resource type the simulated API server serves, as legacy discovery describes it.
 *
 * @param groupVersion "v1" for the core group, else "group/version"
 * @param subresources names after the slash ("status", "scale", "eviction")
 */
record ApiResource(String groupVersion, String name, String singularName, String kind, boolean namespaced,
                   List<String> shortNames, Set<String> subresources) {

  /** Every resource type the simulated cluster knows; discovery, list kinds and status protection read this table. */
  static final List<ApiResource> ALL = List.of(
      core("pods", "Pod", true, "po", "status", "eviction"),
      core("services", "Service", true, "svc", "status"),
      core("serviceaccounts", "ServiceAccount", true, "sa"),
      core("secrets", "Secret", true, null),
      core("configmaps", "ConfigMap", true, "cm"),
      core("persistentvolumeclaims", "PersistentVolumeClaim", true, "pvc", "status"),
      core("events", "Event", true, "ev"),
      core("endpoints", "Endpoints", true, "ep"),
      core("namespaces", "Namespace", false, "ns", "status"),
      core("nodes", "Node", false, "no", "status"),
      of("apps/v1", "deployments", "Deployment", true, "deploy", "status", "scale"),
      of("apps/v1", "replicasets", "ReplicaSet", true, "rs", "status", "scale"),
      of("apps/v1", "statefulsets", "StatefulSet", true, "sts", "status", "scale"),
      of("apps/v1", "daemonsets", "DaemonSet", true, "ds", "status"),
      of("apps/v1", "controllerrevisions", "ControllerRevision", true, null),
      of("batch/v1", "jobs", "Job", true, null, "status"),
      of("batch/v1", "cronjobs", "CronJob", true, "cj", "status"),
      of("autoscaling/v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", true, "hpa", "status"),
      of("networking.k8s.io/v1", "ingresses", "Ingress", true, "ing", "status"),
      of("networking.k8s.io/v1", "networkpolicies", "NetworkPolicy", true, "netpol"),
      of("policy/v1", "poddisruptionbudgets", "PodDisruptionBudget", true, "pdb", "status"),
      of("rbac.authorization.k8s.io/v1", "roles", "Role", true, null),
      of("rbac.authorization.k8s.io/v1", "rolebindings", "RoleBinding", true, null),
      of("rbac.authorization.k8s.io/v1", "clusterroles", "ClusterRole", false, null),
      of("rbac.authorization.k8s.io/v1", "clusterrolebindings", "ClusterRoleBinding", false, null),
      of("events.k8s.io/v1", "events", "Event", true, null));

  static Optional<ApiResource> find(String groupVersion, String name) {
    return ALL.stream().filter(r -> r.groupVersion.equals(groupVersion) && r.name.equals(name)).findFirst();
  }

  static List<ApiResource> inGroupVersion(String groupVersion) {
    return ALL.stream().filter(r -> r.groupVersion.equals(groupVersion)).toList();
  }

  /** Group versions in first-seen order; "v1" (the core group) comes first. */
  static List<String> groupVersions() {
    return ALL.stream().map(ApiResource::groupVersion).distinct().toList();
  }

  boolean hasStatus() {
    return subresources.contains("status");
  }

  String group() {
    int slash = groupVersion.indexOf('/');
    return slash < 0 ? "" : groupVersion.substring(0, slash);
  }

  String version() {
    return groupVersion.substring(groupVersion.indexOf('/') + 1);
  }

  /** URL prefix without leading slash: "api/v1" or "apis/apps/v1". */
  String urlPrefix() {
    return group().isEmpty() ? "api/" + groupVersion : "apis/" + groupVersion;
  }

  private static ApiResource core(String name, String kind, boolean namespaced, String shortName, String... subresources) {
    return of("v1", name, kind, namespaced, shortName, subresources);
  }

  private static ApiResource of(String gv, String name, String kind, boolean namespaced, String shortName,
                                String... subresources) {
    return new ApiResource(gv, name, kind.toLowerCase(), kind, namespaced,
        shortName == null ? List.of() : List.of(shortName), Set.of(subresources));
  }
}
