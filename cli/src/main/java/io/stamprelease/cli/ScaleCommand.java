package io.stamprelease.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stamprelease.core.akse.scale.AkseScale;
import io.stamprelease.core.akse.scale.ScaleReport;
import io.stamprelease.core.akse.scale.ScaleRequest;
import io.stamprelease.core.akse.scale.ScaleState;
import io.stamprelease.core.engine.Outcome;
import io.stamprelease.core.hub.HubConnection;
import io.stamprelease.core.hub.HubSpec;
import io.stamprelease.core.hub.HubsFile;
import io.stamprelease.core.kube.KubeClients;
import io.stamprelease.core.validation.Problems;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
final class ScaleCommand implements Callable<Integer> {
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
  int count;

  @Option(names = "--drain-timeout", defaultValue = "5m", converter = DurationConverter.class,
      description = "How long one node's drain may be blocked (e.g. by a PodDisruptionBudget) before the scale stops without deleting it. Default: ${DEFAULT-VALUE}.")
  Duration drainTimeout;

  @Option(names = "--max-parallel-drains", defaultValue = "1", description = "Nodes drained at the same time, 1-10. Default: ${DEFAULT-VALUE}.")
  int maxParallelDrains;

  @Option(names = "--force", description = "Also evict pods that no controller re-creates (like kubectl drain --force). Default: refuse.")
  boolean force;

  @Option(names = "--template", description = "The cluster's azuredeploy.json (aks-engine generate); required to scale out.")
  Path template;

  @Option(names = "--parameters", description = "The azuredeploy.parameters.json beside the template; required to scale out.")
  Path parameters;

  @Option(names = "--kubeconfig", description = "Kubeconfig of the cluster. Default: the hub's stamp.kubeconfigFile in the hubs file.")
  Path kubeconfig;

  @Option(names = "--timeout", defaultValue = "30m", converter = DurationConverter.class, description = "Deadline of the whole scale. Default: ${DEFAULT-VALUE}.")
  Duration timeout;

  @Option(names = "--poll-interval", defaultValue = "5s", converter = DurationConverter.class,
      description = "How often Nodes and drains are looked at again (ARM operations follow their Retry-After). Default: ${DEFAULT-VALUE}.")
  Duration pollInterval;

  @Option(names = {"-o", "--output"}, defaultValue = "text", description = "text or json. Default: ${DEFAULT-VALUE}.")
  String output;

  @Override
  public Integer call() {
    Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr());
    return CommandSupport.execute(console, output, () -> scale(console));
  }

  private CommandResult scale(Console console) {
    Problems problems = new Problems("scale");
    HubSpec hubSpec = null;
    HubsFile.StampCluster stamp = null;
    try {
      HubsFile file = hubOptions.load();
      hubSpec = hubOptions.spec(file);
      stamp = file.stamps().get(hubOptions.hub);
    } catch (IllegalArgumentException e) {
      problems.add("config", e.getMessage());
    }
    String group = resourceGroup != null ? resourceGroup : stamp != null ? stamp.resourceGroup() : null;
    Path kubeconfigFile = kubeconfig != null ? kubeconfig : stamp != null ? stamp.kubeconfig() : null;
    String kubeconfigText = kubeconfigFile == null ? null : readKubeconfig(kubeconfigFile, problems);
    JsonNode templateJson = template == null ? null : readJson(template, "template", problems);
    JsonNode parametersJson = parameters == null ? null : readJson(parameters, "parameters", problems);
    boolean hubsFileBroken = hubSpec == null;
    // when the hubs file itself is the problem, its defaults are unknown: do not also report them as missing
    ScaleRequest request = new ScaleRequest(hubOptions.hub, hubsFileBroken && group == null ? "(from the hubs file)" : group, pool, count,
        drainTimeout, maxParallelDrains, force, templateJson, parametersJson,
        hubsFileBroken && kubeconfigFile == null ? "(from the hubs file)" : kubeconfigText, timeout, pollInterval);
    if (kubeconfigFile != null && kubeconfigText == null) {
      request = withKubeconfigPlaceholder(request); // already reported as unreadable
    }
    request.validate(problems);
    problems.throwIfAny();

    HubConnection hub = HubConnection.open(hubSpec, console::progress);
    try (KubernetesClient kube = KubeClients.fromKubeconfig(request.kubeconfig())) {
      ScaleState plan = AkseScale.plan(request, hub.arm(), kube);
      plan.notes().forEach(n -> console.progress("[" + AkseScale.STEP + "] " + hubOptions.hub + " plan: " + n));
      if (plan.noOp()) {
        return result(ScaleReport.of(plan, true), Outcome.Status.SUCCEEDED, null);
      }
      Outcome<ScaleState> outcome = CommandSupport.runStep(console, AkseScale.step(request, hub.arm(), kube), plan, hubOptions.hub);
      if (!outcome.succeeded()) {
        console.error(outcome.message());
      }
      return result(ScaleReport.of(outcome.state(), outcome.succeeded()), outcome.status(), outcome.message());
    }
  }

  private CommandResult result(ScaleReport report, Outcome.Status status, String message) {
    ObjectNode json = JSON.createObjectNode().put("hub", hubOptions.hub).put("status", status.name().toLowerCase(java.util.Locale.ROOT));
    if (message != null && status != Outcome.Status.SUCCEEDED) {
      json.put("message", message);
    }
    json.setAll((ObjectNode) JSON.valueToTree(report));
    String summary = (status == Outcome.Status.SUCCEEDED ? "" : "scale " + status.name().toLowerCase(java.util.Locale.ROOT) + ": ") + report.summary();
    return new CommandResult(status.exitCode(), summary, json);
  }

  private static ScaleRequest withKubeconfigPlaceholder(ScaleRequest r) {
    return new ScaleRequest(r.hub(), r.resourceGroup(), r.pool(), r.targetCount(), r.drainTimeout(), r.maxParallelDrains(), r.force(),
        r.template(), r.parameters(), "(unreadable)", r.timeout(), r.pollInterval());
  }

  private static String readKubeconfig(Path file, Problems problems) {
    try {
      String text = Files.readString(file);
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(text);
      if (root == null || !root.path("clusters").isArray() || root.path("clusters").isEmpty()) {
        problems.add("kubeconfig", "'" + file + "' is not a kubeconfig (no 'clusters:' list)");
        return null;
      }
      return text;
    } catch (IOException e) {
      problems.add("kubeconfig", "cannot read '" + file + "': " + firstLine(e));
      return null;
    }
  }

  private static JsonNode readJson(Path file, String field, Problems problems) {
    try {
      return JSON.readTree(Files.readString(file));
    } catch (IOException e) {
      problems.add(field, "cannot read '" + file + "' as JSON: " + firstLine(e));
      return null;
    }
  }

  private static String firstLine(IOException e) {
    String m = e instanceof java.nio.file.NoSuchFileException ? "no such file" : String.valueOf(e.getMessage());
    return m.lines().findFirst().orElse("");
  }
}
