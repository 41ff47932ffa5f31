package io.stamprelease.cli.steps;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stamprelease.cli.support.CommandResult;
import io.stamprelease.cli.support.CommandSupport;
import io.stamprelease.cli.support.Console;
import io.stamprelease.cli.support.HubOptions;
import io.stamprelease.core.clients.hub.HubConnection;
import io.stamprelease.core.clients.hub.HubSpec;
import io.stamprelease.core.clients.hub.HubsFile;
import io.stamprelease.core.clients.kube.KubeClients;
import io.stamprelease.core.engine.Outcome;
import io.stamprelease.core.input.Problems;
import io.stamprelease.core.steps.aksescale.AkseScale;
import io.stamprelease.core.steps.aksescale.AkseScaleInput;
import io.stamprelease.core.steps.aksescale.AkseScaleResult;
import io.stamprelease.core.steps.aksescale.ScaleRequest;
import io.stamprelease.core.steps.aksescale.ScaleState;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `stamp scale`: set the node count of an AKS Engine agent pool (1-50), draining nodes through the Eviction API on scale-in. */
@Command(name = "scale", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Set the node count of an AKS Engine agent pool (1-50), draining nodes through the Eviction API on scale-in.",
        "Scale-out deploys the cluster's template (Incremental) with <pool>Count/<pool>Offset; scale-in removes the highest "
            + "indexes first: cordon, drain (PodDisruptionBudgets respected), delete VM -> NIC -> OS disk -> Node.",
        "Running it again finishes an interrupted scale (leftover NICs and disks are removed); at the target it changes nothing."})
public final class ScaleCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

  @Spec
  CommandSpec spec;

  @Mixin
  HubOptions hubOptions;

  @Option(names = "--resource-group", description = "Resource group of the cluster. Default: the hub's stamp.resourceGroup in the hubs file.")
  String resourceGroup;

  @Option(names = "--pool", required = true, description = "Agent pool to scale (e.g. agentpool1). Masters cannot be scaled.")
  String pool;

  @Option(names = "--count", required = true, description = "Target node count of the pool, 1-50.")
  Integer count;

  @Option(names = "--drain-timeout", paramLabel = "DURATION", description = "How long one node's drain may be blocked (e.g. by a "
      + "PodDisruptionBudget) before the scale stops without deleting it. Default: " + AkseScaleInput.DEFAULT_DRAIN_TIMEOUT
      + " (half the --timeout when that is shorter than twice it).")
  String drainTimeout;

  @Option(names = "--max-parallel-drains", description = "Nodes drained at the same time, 1-10. Default: "
      + AkseScaleInput.DEFAULT_MAX_PARALLEL_DRAINS + ".")
  Integer maxParallelDrains;

  @Option(names = "--force", description = "Also evict pods that no controller re-creates (like kubectl drain --force). Default: refuse.")
  boolean force;

  @Option(names = "--template", description = "The cluster's azuredeploy.json (aks-engine generate); required to scale out.")
  Path template;

  @Option(names = "--parameters", description = "The azuredeploy.parameters.json beside the template; required to scale out.")
  Path parameters;

  @Option(names = "--kubeconfig", description = "Kubeconfig of the cluster. Default: the hub's stamp.kubeconfigFile in the hubs file.")
  Path kubeconfig;

  @Option(names = "--timeout", paramLabel = "DURATION", description = "Deadline of the whole scale. Default: " + AkseScaleInput.DEFAULT_TIMEOUT + ".")
  String timeout;

  @Option(names = "--poll-interval", paramLabel = "DURATION", description = "How often Nodes and drains are looked at again (ARM "
      + "operations follow their Retry-After). Default: " + AkseScaleInput.DEFAULT_POLL_INTERVAL + ".")
  String pollInterval;

  @Option(names = {"-o", "--output"}, defaultValue = "text", description = "text or json. Default: ${DEFAULT-VALUE}.")
  String output;

  @Override
  public Integer call() {
    Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr());
    return CommandSupport.execute(console, output, () -> scale(console));
  }

  private CommandResult scale(Console console) {
    // the hubs file gives the defaults of --resource-group and --kubeconfig; when it cannot be read, its problem is
    // reported and the fields it would have filled are judged only if the user gave them
    Problems problems = new Problems("scale");
    HubsFile file = problems.attempt(hubOptions::load);
    HubSpec hubSpec = file == null ? null : problems.attempt(() -> hubOptions.spec(file));
    HubsFile.StampCluster stamp = file == null ? null : file.stamps().get(hubOptions.hub);
    String group = resourceGroup != null ? resourceGroup : stamp != null ? stamp.resourceGroup() : null;
    Path kubeconfigFile = kubeconfig != null ? kubeconfig : stamp != null ? stamp.kubeconfig() : null;
    AkseScaleInput input = new AkseScaleInput().hub(hubOptions.hub).resourceGroup(group).pool(pool).count(count).drainTimeout(drainTimeout)
        .maxParallelDrains(maxParallelDrains).force(force).template(template).parameters(parameters).kubeconfig(kubeconfigFile)
        .timeout(timeout).pollInterval(pollInterval);
    if (file == null) {
      input.unknown(AkseScaleInput.Field.RESOURCE_GROUP, AkseScaleInput.Field.KUBECONFIG);
    }
    ScaleRequest request = problems.attempt(input::validate);
    problems.throwIfAny();

    HubConnection hub = HubConnection.open(hubSpec, console::progress);
    try (KubernetesClient kube = KubeClients.fromKubeconfig(request.kubeconfig())) {
      ScaleState plan = AkseScale.plan(request, hub.arm(), kube);
      plan.notes().forEach(n -> console.progress("[" + AkseScale.STEP + "] " + hubOptions.hub + " plan: " + n));
      if (plan.noOp()) {
        return result(AkseScaleResult.of(hubOptions.hub, request.resourceGroup(), plan, true), Outcome.Status.SUCCEEDED, null);
      }
      Outcome<ScaleState> outcome = CommandSupport.runStep(console, AkseScale.step(request, hub.arm(), kube), plan, hubOptions.hub);
      if (!outcome.succeeded()) {
        console.error(outcome.message());
      }
      return result(AkseScaleResult.of(hubOptions.hub, request.resourceGroup(), outcome.state(), outcome.succeeded()), outcome.status(),
          outcome.message());
    }
  }

  private CommandResult result(AkseScaleResult report, Outcome.Status status, String message) {
    ObjectNode json = JSON.valueToTree(report.toPlainMap());
    json.put("status", status.name().toLowerCase(Locale.ROOT));
    if (message != null && status != Outcome.Status.SUCCEEDED) {
      json.put("message", message);
    }
    String summary = (status == Outcome.Status.SUCCEEDED ? "" : "scale " + status.name().toLowerCase(Locale.ROOT) + ": ") + report.summary();
    return new CommandResult(status.exitCode(), summary, json);
  }

}
