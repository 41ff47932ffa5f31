package io.stamprelease.core.release;

import io.stamprelease.core.steps.aksedeploy.AkseDeployInput;
import io.stamprelease.core.steps.aksescale.AkseScaleInput;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A stamp's cluster as the pre-flight resolved it: the hub, the resource group (the plan's, else the hubs file's), the
 * {@code generate} files (paths resolved against the plan's folder), the kubeconfig file the hubs file names, and the node
 * count wanted per pool. It builds the inputs of the release's two cluster steps the same way for the pre-flight, the run
 * and the dry run.
 */
public record ClusterTarget(String hub, String resourceGroup, Path template, Path parameters, Path apimodel, Path kubeconfig,
    Map<String, Integer> nodes) {

  public ClusterTarget {
    nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
  }

  /** akseDeploy's input: converge the cluster to the files (Incremental, the default name, so a re-run is a no-op). */
  public AkseDeployInput deployInput(ReleaseOptions options) {
    return new AkseDeployInput().hub(hub).resourceGroup(resourceGroup).template(template).parameters(parameters).apimodel(apimodel)
        .kubeconfig(kubeconfig).pollInterval(options.clusterPoll());
  }

  /** akseScale's input for one pool: to {@code count} nodes, the template and parameters for a scale-out. */
  public AkseScaleInput scaleInput(String pool, int count, String kubeconfigContents, ReleaseOptions options) {
    return new AkseScaleInput().hub(hub).resourceGroup(resourceGroup).pool(pool).count(count).template(template).parameters(parameters)
        .kubeconfigContents(kubeconfigContents).pollInterval(options.clusterPoll());
  }
}
