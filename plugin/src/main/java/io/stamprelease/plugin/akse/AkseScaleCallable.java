package io.stamprelease.plugin.akse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hudson.model.TaskListener;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stamprelease.core.akse.scale.AkseScale;
import io.stamprelease.core.akse.scale.ScaleReport;
import io.stamprelease.core.akse.scale.ScaleRequest;
import io.stamprelease.core.akse.scale.ScaleState;
import io.stamprelease.core.engine.Checkpoint;
import io.stamprelease.core.hub.HubConnection;
import io.stamprelease.core.hub.HubSpec;
import io.stamprelease.core.kube.KubeClients;
import io.stamprelease.core.validation.Problems;
import io.stamprelease.plugin.AgentConsole;
import io.stamprelease.plugin.AgentStepCallable;
import io.stamprelease.plugin.hubs.AgentHub;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code akseScale} on the agent: read the files, validate (core), plan on the first visit (reads only), then advance
 * the scale tasks. The Kubernetes client lives for one visit; the plan is in the checkpoint.
 */
public final class AkseScaleCallable extends AgentStepCallable<ScaleState> {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The {@code akseScale} arguments, files relative to the workspace. */
  public record Args(String hub, String resourceGroup, String pool, int count, String kubeconfig, String template, String parameters,
      Duration drainTimeout, int maxParallelDrains, boolean force, Duration timeout, Duration pollInterval) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  private final Args args;

  public AkseScaleCallable(Args args, AgentHub hub, Checkpoint<ScaleState> from, TaskListener listener) {
    super(AkseScale.STEP, hub, from, listener);
    this.args = args;
  }

  @Override
  protected Prepared<ScaleState> prepare(File workspace, HubSpec hub, AgentConsole console) throws IOException {
    Problems problems = new Problems(AkseScale.STEP);
    String kubeconfig = read(workspace, "kubeconfig", args.kubeconfig(), problems);
    JsonNode template = args.template() == null ? null : json(read(workspace, "template", args.template(), problems), "template", problems);
    JsonNode parameters = args.parameters() == null ? null : json(read(workspace, "parameters", args.parameters(), problems), "parameters", problems);
    ScaleRequest request = new ScaleRequest(args.hub(), args.resourceGroup(), args.pool(), args.count(), args.drainTimeout(),
        args.maxParallelDrains(), args.force(), template, parameters, kubeconfig == null && args.kubeconfig() != null ? "(unreadable)" : kubeconfig,
        args.timeout(), args.pollInterval());
    request.validate(problems);
    problems.throwIfAny();

    HubConnection connection = HubConnection.open(hub, w -> console.println("[akseScale] " + hub.name() + " warning: " + w));
    KubernetesClient kube = KubeClients.fromKubeconfig(kubeconfig);
    Map<String, Object> base = new LinkedHashMap<>();
    base.put("hub", hub.name());
    base.put("resourceGroup", args.resourceGroup());
    if (firstVisit()) {
      ScaleState plan = AkseScale.plan(request, connection.arm(), kube);
      plan.notes().forEach(n -> console.println("[akseScale] " + hub.name() + " plan: " + n));
      if (plan.noOp()) {
        base.putAll(report(plan, true));
        return Prepared.nothingToDo(hub.name(), base, kube);
      }
      return new Prepared<>(AkseScale.step(request, connection.arm(), kube), () -> plan, hub.name(), base, AkseScaleCallable::report, kube);
    }
    return new Prepared<>(AkseScale.step(request, connection.arm(), kube), () -> {
      throw new IllegalStateException("a later visit continues from its checkpoint");
    }, hub.name(), base, AkseScaleCallable::report, kube);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, ?> report(ScaleState state, boolean succeeded) {
    ScaleReport report = ScaleReport.of(state, succeeded);
    Map<String, Object> out = JSON.convertValue(report, Map.class);
    out.put("summary", report.summary());
    return out;
  }

  private static String read(File workspace, String field, String file, Problems problems) {
    if (file == null) {
      return null;
    }
    Path p = AkseDeployArgs.path(workspace, file);
    try {
      return Files.readString(p);
    } catch (IOException e) {
      problems.add(field, "cannot read '" + p + "'");
      return null;
    }
  }

  private static JsonNode json(String text, String field, Problems problems) {
    if (text == null) {
      return null;
    }
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      problems.add(field, "is not well-formed JSON");
      return null;
    }
  }

}
