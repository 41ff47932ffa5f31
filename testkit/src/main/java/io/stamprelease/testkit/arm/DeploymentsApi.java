package io.stamprelease.testkit.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code Microsoft.Resources/deployments} as a real long-running operation: PUT → 201 Accepted with
 * {@code Azure-AsyncOperation} and {@code Retry-After}; the status moves to Running and then to
 * Succeeded / Failed / Canceled; {@code operations} lists per-resource results with {@code statusMessage};
 * {@code validate}, {@code cancel}. A second PUT while one runs is refused ({@code DeploymentActive}).
 */
final class DeploymentsApi {
  private static final String BASE = "^/subscriptions/(?<sub>[^/]+)/resourcegroups/(?<rg>[^/]+)/providers/Microsoft\\.Resources/deployments";
  private static final String ONE = BASE + "/(?<name>[^/]+)";
  private static final String TYPE = "Microsoft.Resources/deployments";

  private final ArmContext arm;
  private final String cloudappSuffix;
  private final boolean whatIfSupported;
  private final Map<String, DeploymentRun> runs = new ConcurrentHashMap<>();
  private String baseUrl;

  DeploymentsApi(ArmContext arm, String cloudappSuffix, boolean whatIfSupported) {
    this.arm = arm;
    this.cloudappSuffix = cloudappSuffix;
    this.whatIfSupported = whatIfSupported;
  }

  void bind(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  List<Route> routes() {
    return List.of(
        Route.arm("PUT", ONE + "$", TYPE, this::put),
        Route.arm("GET", ONE + "$", TYPE, this::get),
        Route.arm("GET", BASE + "$", TYPE, this::list),
        Route.arm("POST", ONE + "/validate$", TYPE, this::validate),
        Route.arm("POST", ONE + "/cancel$", TYPE, this::cancel),
        Route.arm("POST", ONE + "/whatIf$", TYPE, this::whatIf),
        Route.arm("GET", ONE + "/operations$", TYPE, this::operations),
        Route.arm("GET", ONE + "/operationStatuses/(?<op>[^/]+)$", TYPE, this::status));
  }

  /** Parsed and checked content of a PUT/validate body. */
  private record Submission(JsonNode template, Map<String, JsonNode> values, String mode) {
  }

  private Submission parse(ArmRequest request) {
    JsonNode properties = request.json().path("properties");
    if (!properties.isObject()) {
      throw ArmException.badRequest("InvalidRequestContent",
          "The request content was invalid and could not be deserialized: 'Required property 'properties' not found in JSON.'.");
    }
    String mode = properties.path("mode").asText("");
    if (!mode.equals("Incremental") && !mode.equals("Complete")) {
      throw ArmException.badRequest("InvalidRequestContent", "The request content was invalid and could not be deserialized: "
          + "'Required property 'mode' not found in JSON or has a value other than 'Incremental' or 'Complete'.'.");
    }
    JsonNode template = properties.get("template");
    if (template == null) {
      throw ArmException.badRequest("InvalidRequestContent",
          "The request content was invalid and could not be deserialized: 'Either 'template' or 'templateLink' is required.'.");
    }
    JsonNode parameters = properties.path("parameters");
    return new Submission(template, TemplateParameters.resolve(template, parameters.isObject() ? parameters : Json.object()), mode);
  }

  private ArmResponse put(ArmRequest request) {
    arm.checkSubscription(request);
    String rg = request.param("rg");
    ObjectNode group = arm.requireResourceGroup(rg);
    String name = request.param("name");
    String key = key(rg, name);
    DeploymentRun previous = runs.get(key);
    if (previous != null && !previous.state.terminal()) {
      throw ArmException.conflict("DeploymentActive", "Unable to edit or replace deployment '" + name + "': previous deployment from '"
          + Json.timestamp(previous.start) + "' is still active (expiration time is '" + Json.timestamp(previous.start.plusSeconds(86400))
          + "'). Please see https://aka.ms/arm-deploy for usage details.");
    }
    Submission submission = parse(request);
    String id = arm.resourceGroupId(rg) + "/providers/Microsoft.Resources/deployments/" + name;
    DeploymentRun run = new DeploymentRun(id, name, rg, UUID.randomUUID().toString().replace("-", "").toUpperCase(Locale.ROOT),
        UUID.randomUUID().toString(), submission.mode(), templateHash(submission.template()),
        TemplateParameters.echo(submission.template(), submission.values()));
    runs.put(key, run);
    String location = group.path("location").asText();
    long total = arm.timings().deployment().toMillis();
    arm.scheduler().schedule(() -> advance(run, DeploymentRun.State.Running), Math.min(100, total / 4), TimeUnit.MILLISECONDS);
    Optional<ArmFaults.DeploymentFailure> failure = arm.faults().takeDeploymentFailure();
    run.completion = arm.scheduler().schedule(() -> complete(run, submission, location, failure), total, TimeUnit.MILLISECONDS);
    return ArmResponse.of(previous == null ? 201 : 200, run.toJson())
        .header("Azure-AsyncOperation", baseUrl + id + "/operationStatuses/" + run.operationId + "?api-version=" + request.apiVersion())
        .header("Retry-After", String.valueOf(arm.timings().retryAfterSeconds()));
  }

  private static void advance(DeploymentRun run, DeploymentRun.State to) {
    synchronized (run) {
      if (!run.state.terminal()) {
        run.state = to;
      }
    }
  }

  /** Creates what the template describes, or fails the way a failed resource makes ARM fail the deployment. */
  private void complete(DeploymentRun run, Submission submission, String location, Optional<ArmFaults.DeploymentFailure> failure) {
    String rgId = arm.resourceGroupId(run.resourceGroup);
    Optional<AksEngineLayout> aks = AksEngineLayout.recognize(submission.template(), submission.values());
    List<ObjectNode> planned = aks.map(l -> l.resources(rgId, location)).orElseGet(() -> literalResources(submission.template(), rgId, location));
    List<ObjectNode> createdVms = new ArrayList<>();
    synchronized (run) {
      if (run.state.terminal()) {
        return; // cancelled meanwhile
      }
      ObjectNode failing = failure.isPresent() ? firstVmOrLast(planned) : null;
      for (ObjectNode resource : planned) {
        if (resource == failing) {
          ObjectNode error = Json.object().put("code", failure.get().code()).put("message", failure.get().message());
          run.addOperation(resource, "Failed", 409, Json.object().put("status", "Failed").set("error", error));
          break;
        }
        boolean existed = arm.store().exists(resource.path("id").asText());
        arm.store().put(resource.path("id").asText(), resource);
        run.addOperation(resource, "Succeeded", existed ? 200 : 201, null);
        run.outputResources.addObject().put("id", resource.path("id").asText());
        if (!existed && resource.path("type").asText().equals("Microsoft.Compute/virtualMachines")) {
          createdVms.add(resource);
        }
      }
      if (failing != null) {
        ArrayNode details = Json.array();
        details.addObject().put("code", "Conflict").put("message", "{\"status\":\"Failed\",\"error\":{\"code\":\"ResourceDeploymentFailure\","
            + "\"message\":\"The resource operation completed with terminal provisioning state 'Failed'.\",\"details\":[{\"code\":\""
            + failure.get().code() + "\",\"message\":" + Json.MAPPER.valueToTree(failure.get().message()).toString() + "}]}}");
        run.error = Json.object().put("code", "DeploymentFailed").put("message",
            "At least one resource deployment operation failed. Please list deployment operations for details. "
                + "Please see https://aka.ms/DeployOperations for usage details.");
        run.error.set("details", details);
        run.state = DeploymentRun.State.Failed;
      } else {
        if (submission.mode().equals("Complete")) {
          deleteUnlisted(rgId, planned);
        }
        run.outputs = aks.map(l -> l.outputs(run.resourceGroup, location, cloudappSuffix)).orElseGet(Json::object);
        run.state = DeploymentRun.State.Succeeded;
      }
      run.end = Instant.now();
    }
    createdVms.forEach(vm -> arm.hooks().virtualMachineCreated(vm));
  }

  /** Complete mode: ARM deletes every resource of the group that the template does not list. */
  private void deleteUnlisted(String rgId, List<ObjectNode> planned) {
    Set<String> keep = new HashSet<>();
    planned.forEach(r -> keep.add(r.path("id").asText().toLowerCase(Locale.ROOT)));
    for (ObjectNode r : arm.store().listAll(rgId)) {
      String id = r.path("id").asText();
      if (!keep.contains(id.toLowerCase(Locale.ROOT))) {
        arm.store().remove(id);
        arm.deleted(r);
      }
    }
  }

  private static ObjectNode firstVmOrLast(List<ObjectNode> planned) {
    return planned.stream().filter(r -> r.path("type").asText().equals("Microsoft.Compute/virtualMachines")).findFirst()
        .orElse(planned.isEmpty() ? null : planned.get(planned.size() - 1));
  }

  /** For non-AKS templates: resources whose type and name are literals (expressions are not evaluated). */
  private static List<ObjectNode> literalResources(JsonNode template, String rgId, String location) {
    List<ObjectNode> out = new ArrayList<>();
    for (JsonNode r : template.path("resources")) {
      String type = r.path("type").asText();
      String name = r.path("name").asText();
      if (type.isEmpty() || name.isEmpty() || name.startsWith("[") || type.startsWith("[") || name.contains("/")) {
        continue;
      }
      String[] nsType = type.split("/", 2);
      ObjectNode resource = AksEngineLayout.resource(rgId + "/providers/" + nsType[0] + "/" + nsType[1] + "/" + name, name, type, location);
      if (r.path("properties").isObject()) {
        ((ObjectNode) resource.get("properties")).setAll((ObjectNode) r.get("properties"));
        ((ObjectNode) resource.get("properties")).put("provisioningState", "Succeeded");
      }
      out.add(resource);
    }
    return out;
  }

  private ArmResponse get(ArmRequest request) {
    arm.checkSubscription(request);
    return ArmResponse.ok(find(request).toJson());
  }

  private ArmResponse list(ArmRequest request) {
    arm.checkSubscription(request);
    arm.requireResourceGroup(request.param("rg"));
    ObjectNode page = Json.object();
    ArrayNode value = page.putArray("value");
    runs.values().stream().filter(r -> r.resourceGroup.equalsIgnoreCase(request.param("rg"))).forEach(r -> value.add(r.toJson()));
    return ArmResponse.ok(page);
  }

  private ArmResponse validate(ArmRequest request) {
    arm.checkSubscription(request);
    arm.requireResourceGroup(request.param("rg"));
    Submission submission = parse(request);
    ObjectNode result = Json.object().put("id", arm.resourceGroupId(request.param("rg"))
        + "/providers/Microsoft.Resources/deployments/" + request.param("name")).put("name", request.param("name"));
    result.putObject("properties").put("provisioningState", "Succeeded").put("mode", submission.mode())
        .put("templateHash", templateHash(submission.template())).put("timestamp", Json.timestamp(Instant.now()))
        .set("parameters", TemplateParameters.echo(submission.template(), submission.values()));
    return ArmResponse.ok(result);
  }

  private ArmResponse cancel(ArmRequest request) {
    arm.checkSubscription(request);
    DeploymentRun run = find(request);
    synchronized (run) {
      if (run.state.terminal()) {
        throw ArmException.conflict("DeploymentCannotBeCancelled", "The deployment '" + run.name
            + "' cannot be cancelled because it is in '" + run.state + "' state. Only deployments in 'Accepted' or 'Running' state can be cancelled.");
      }
      run.state = DeploymentRun.State.Canceled;
      run.end = Instant.now();
      if (run.completion != null) {
        run.completion.cancel(false);
      }
    }
    return ArmResponse.empty(204);
  }

  private ArmResponse whatIf(ArmRequest request) {
    if (!whatIfSupported) {
      throw ArmException.notFound("InvalidResourceType", "The resource type 'deployments/whatIf' could not be found in the namespace "
          + "'Microsoft.Resources' for api version '" + request.apiVersion() + "'.");
    }
    arm.checkSubscription(request);
    arm.requireResourceGroup(request.param("rg"));
    parse(request);
    ObjectNode result = Json.object().put("status", "Succeeded");
    result.putObject("properties").putArray("changes");
    return ArmResponse.ok(result);
  }

  private ArmResponse operations(ArmRequest request) {
    arm.checkSubscription(request);
    DeploymentRun run = find(request);
    ObjectNode page = Json.object();
    synchronized (run) {
      page.set("value", run.operations.deepCopy());
    }
    return ArmResponse.ok(page);
  }

  private ArmResponse status(ArmRequest request) {
    arm.checkSubscription(request);
    DeploymentRun run = find(request);
    if (!run.operationId.equals(request.param("op"))) {
      throw ArmException.notFound("OperationNotFound", "The operation '" + request.param("op") + "' could not be found.");
    }
    ArmResponse response = ArmResponse.ok(run.statusDocument());
    return run.state.terminal() ? response : response.header("Retry-After", String.valueOf(arm.timings().retryAfterSeconds()));
  }

  private DeploymentRun find(ArmRequest request) {
    DeploymentRun run = runs.get(key(request.param("rg"), request.param("name")));
    if (run == null) {
      arm.requireResourceGroup(request.param("rg"));
      throw ArmException.notFound("DeploymentNotFound", "Deployment '" + request.param("name") + "' could not be found.");
    }
    return run;
  }

  private static String key(String rg, String name) {
    return (rg + "/" + name).toLowerCase(Locale.ROOT);
  }

  /** A stable decimal hash of the template, like the {@code templateHash} ARM reports. */
  static String templateHash(JsonNode template) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(Json.MAPPER.writeValueAsBytes(template));
      long value = 0;
      for (int i = 0; i < 8; i++) {
        value = (value << 8) | (digest[i] & 0xff);
      }
      return Long.toUnsignedString(value);
    } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

}
