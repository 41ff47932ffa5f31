package io.stamprelease.testkit.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * {@code Azure-AsyncOperation} and {@code Retry-After} (or, by the hub's {@link ArmContract}, 202 + {@code Location}
 * or both); the status moves to Running and then to Succeeded / Failed / Canceled; {@code operations} lists
 * per-resource results with {@code statusMessage}; {@code validate}, {@code cancel}, {@code whatIf} (an LRO answered
 * through {@code Location}, when served). A second PUT while one runs is refused ({@code DeploymentActive}). Before
 * anything runs, the names and template limits ARM checks are checked ({@link ArmRules}).
 */
final class DeploymentsApi {
  private static final String BASE = "^/subscriptions/(?<sub>[^/]+)/resourcegroups/(?<rg>[^/]+)/providers/Microsoft\\.Resources/deployments";
  private static final String ONE = BASE + "/(?<name>[^/]+)";
  private static final String TYPE = "Microsoft.Resources/deployments";

  private final ArmContext arm;
  private final String cloudappSuffix;
  private final boolean whatIfByDefault;
  private final Map<String, DeploymentRun> runs = new ConcurrentHashMap<>();

  DeploymentsApi(ArmContext arm, String cloudappSuffix, boolean whatIfByDefault) {
    this.arm = arm;
    this.cloudappSuffix = cloudappSuffix;
    this.whatIfByDefault = whatIfByDefault;
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

  /** Parsed and checked content of a PUT/validate/whatIf body, with the resources it would create. */
  private record Submission(JsonNode template, Map<String, JsonNode> values, String mode, ObjectNode tags,
      Optional<AksEngineLayout> aks, List<ObjectNode> planned) {
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
    ArmRules.checkTemplateLimits(template);
    JsonNode parameters = properties.path("parameters");
    Map<String, JsonNode> values = TemplateParameters.resolve(template, parameters.isObject() ? parameters : Json.object(), arm.keyVaults());
    String rg = request.param("rg");
    String rgId = arm.resourceGroupId(rg);
    String location = arm.requireResourceGroup(rg).path("location").asText();
    Optional<AksEngineLayout> aks = AksEngineLayout.recognize(template, values);
    List<ObjectNode> planned = aks.map(l -> l.resources(rgId, location)).orElseGet(() -> DeploymentTemplates.literalResources(template, rgId, location));
    if (aks.isPresent()) {
      // the template's copy loops declare availability sets, NICs and VMs; OS disks come with their VMs
      ArmRules.checkResourceCount((int) planned.stream().filter(r -> !r.path("type").asText().equals("Microsoft.Compute/disks")).count());
    }
    ArmRules.checkResourceNames(request.param("name"), planned);
    JsonNode tags = request.json().path("tags");
    return new Submission(template, values, mode, tags.isObject() ? (ObjectNode) tags : null, aks, planned);
  }

  private ArmResponse put(ArmRequest request) {
    arm.checkSubscription(request);
    String rg = request.param("rg");
    String name = request.param("name");
    ArmRules.checkDeploymentName(name);
    ObjectNode group = arm.requireResourceGroup(rg);
    String key = key(rg, name);
    DeploymentRun previous = runs.get(key);
    if (previous != null && !previous.state.terminal()) {
      throw ArmException.conflict("DeploymentActive", "Unable to edit or replace deployment '" + name + "': previous deployment from '"
          + Json.timestamp(previous.start) + "' is still active (expiration time is '" + Json.timestamp(previous.start.plusSeconds(86400))
          + "'). Please see https://aka.ms/arm-deploy for usage details.");
    }
    Submission submission = parse(request);
    ArmContract.LroStyle style = arm.contract().lroStyle(ArmContract.LroKind.DEPLOYMENT);
    String id = arm.resourceGroupId(rg) + "/providers/Microsoft.Resources/deployments/" + name;
    DeploymentRun run = new DeploymentRun(id, name, rg, UUID.randomUUID().toString().replace("-", "").toUpperCase(Locale.ROOT),
        UUID.randomUUID().toString(), submission.mode(), DeploymentTemplates.templateHash(submission.template()),
        TemplateParameters.echo(submission.template(), submission.values()),
        arm.contract().keepDeploymentTags() ? submission.tags() : null, style == ArmContract.LroStyle.LOCATION);
    runs.put(key, run);
    String location = group.path("location").asText();
    long total = arm.timings().deployment().toMillis();
    arm.scheduler().schedule(() -> advance(run, DeploymentRun.State.Running), Math.min(100, total / 4), TimeUnit.MILLISECONDS);
    Optional<ArmFaults.DeploymentFailure> failure = arm.faults().takeDeploymentFailure();
    run.completion = arm.scheduler().schedule(() -> complete(run, submission, location, failure), total, TimeUnit.MILLISECONDS);
    if (style == ArmContract.LroStyle.LOCATION) {
      // the old PUT model: 202 without body, the deployment invisible until it ends, its Location answering at the end
      // what the synchronous PUT would have answered
      return arm.lro().accepted("Microsoft.Resources", arm.lro().register(new LocationAnswer(run)), request.apiVersion(), style);
    }
    ArmResponse response = ArmResponse.of(previous == null ? 201 : 200, run.toJson(arm.contract().echoTemplateHash()))
        .header("Azure-AsyncOperation", arm.baseUrl() + id + "/operationStatuses/" + run.operationId + "?api-version=" + request.apiVersion());
    if (style.location()) {
      response.header("Location", arm.lro().locationUrl("Microsoft.Resources", arm.lro().register(new LocationAnswer(run)), request.apiVersion()));
    }
    arm.startRetryAfter().ifPresent(v -> response.header("Retry-After", v));
    return response;
  }

  /** What a deployment's {@code Location} answers: 202 while it runs, then the deployment (or, by contract, the error answer). */
  private final class LocationAnswer implements LroTracker.Operation {
    private final DeploymentRun run;

    LocationAnswer(DeploymentRun run) {
      this.run = run;
    }

    @Override
    public LroTracker.Status status() {
      return switch (run.state) {
        case Accepted, Running -> LroTracker.Status.InProgress;
        case Succeeded -> LroTracker.Status.Succeeded;
        case Failed -> LroTracker.Status.Failed;
        case Canceled -> LroTracker.Status.Canceled;
      };
    }

    @Override
    public ObjectNode error() {
      return run.error;
    }

    @Override
    public ArmResponse finalAnswer() {
      ObjectNode error = run.error;
      if (run.state == DeploymentRun.State.Failed && error != null
          && arm.contract().locationFailure() == ArmContract.LocationFailure.ERROR_ANSWER) {
        return errorAnswer(error);
      }
      return ArmResponse.ok(run.toJson(arm.contract().echoTemplateHash()));
    }
  }

  private ArmResponse errorAnswer(ObjectNode error) {
    JsonNode details = error.get("details");
    return new ArmException(arm.contract().errorAnswerStatus(), error.path("code").asText(), error.path("message").asText(),
        details instanceof ArrayNode array ? array.deepCopy() : null).toResponse();
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
    Optional<AksEngineLayout> aks = submission.aks();
    List<ObjectNode> planned = submission.planned();
    List<ObjectNode> createdVms = new ArrayList<>();
    synchronized (run) {
      if (run.state.terminal()) {
        return; // cancelled meanwhile
      }
      ObjectNode failing = failure.isPresent() ? DeploymentTemplates.firstVmOrLast(planned) : null;
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

  private ArmResponse get(ArmRequest request) {
    arm.checkSubscription(request);
    return ArmResponse.ok(find(request).toJson(arm.contract().echoTemplateHash()));
  }

  private ArmResponse list(ArmRequest request) {
    arm.checkSubscription(request);
    arm.requireResourceGroup(request.param("rg"));
    boolean echo = arm.contract().echoTemplateHash();
    List<ObjectNode> value = runs.values().stream()
        .filter(r -> r.resourceGroup.equalsIgnoreCase(request.param("rg")) && r.visible()).map(r -> r.toJson(echo)).toList();
    return arm.page(request, value);
  }

  private ArmResponse validate(ArmRequest request) {
    arm.checkSubscription(request);
    ArmRules.checkDeploymentName(request.param("name"));
    arm.requireResourceGroup(request.param("rg"));
    Submission submission = parse(request);
    ObjectNode result = Json.object().put("id", arm.resourceGroupId(request.param("rg"))
        + "/providers/Microsoft.Resources/deployments/" + request.param("name")).put("name", request.param("name"));
    ObjectNode props = result.putObject("properties").put("provisioningState", "Succeeded").put("mode", submission.mode());
    if (arm.contract().echoTemplateHash()) {
      props.put("templateHash", DeploymentTemplates.templateHash(submission.template()));
    }
    props.put("timestamp", Json.timestamp(Instant.now())).set("parameters", TemplateParameters.echo(submission.template(), submission.values()));
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

  /**
   * what-if (swagger 2019-10-01 {@code Deployments_WhatIf}: 200, or 202 with {@code Location} and {@code Retry-After}):
   * 202 without body, then the {@code Location} answers 202 until the prediction is ready, then 200 with a
   * {@code WhatIfOperationResult} ({@code status}, {@code properties.changes}, {@code error} when it failed). Changes are
   * Create for resources that do not exist, NoChange for those that do (properties are not compared), Delete for what a
   * Complete deployment would remove.
   */
  private ArmResponse whatIf(ArmRequest request) {
    if (!arm.contract().whatIfServed(whatIfByDefault)) {
      throw ArmException.notFound("InvalidResourceType", "The resource type 'deployments/whatIf' could not be found in the namespace "
          + "'Microsoft.Resources' for api version '" + request.apiVersion() + "'.");
    }
    arm.checkSubscription(request);
    ArmRules.checkDeploymentName(request.param("name"));
    String rgId = arm.resourceGroupId(request.param("rg"));
    arm.requireResourceGroup(request.param("rg"));
    Submission submission = parse(request);
    Optional<ArmFaults.DeploymentFailure> failure = arm.faults().takeWhatIfFailure();
    LroTracker.Timed op = new LroTracker.Timed();
    String opId = arm.lro().register(op);
    long duration = Math.max(50, arm.timings().deployment().toMillis() / 3);
    arm.scheduler().schedule(() -> {
      ObjectNode result = Json.object();
      if (failure.isPresent()) {
        ObjectNode error = Json.object().put("code", failure.get().code()).put("message", failure.get().message());
        result.put("status", "Failed").set("error", error);
        boolean asError = arm.contract().locationFailure() == ArmContract.LocationFailure.ERROR_ANSWER;
        op.complete(LroTracker.Status.Failed, error, asError ? errorAnswer(error) : ArmResponse.ok(result));
      } else {
        result.put("status", "Succeeded");
        result.putObject("properties").set("changes", predictedChanges(rgId, submission));
        op.complete(LroTracker.Status.Succeeded, null, ArmResponse.ok(result));
      }
      arm.lro().ended(opId);
    }, duration, TimeUnit.MILLISECONDS);
    return arm.lro().accepted("Microsoft.Resources", opId, request.apiVersion(), arm.contract().lroStyle(ArmContract.LroKind.WHAT_IF));
  }

  private ArrayNode predictedChanges(String rgId, Submission submission) {
    ArrayNode changes = Json.array();
    Set<String> keep = new HashSet<>();
    for (ObjectNode r : submission.planned()) {
      String id = r.path("id").asText();
      keep.add(id.toLowerCase(Locale.ROOT));
      changes.addObject().put("resourceId", id).put("changeType", arm.store().exists(id) ? "NoChange" : "Create");
    }
    if (submission.mode().equals("Complete")) {
      for (ObjectNode r : arm.store().listAll(rgId)) {
        if (!keep.contains(r.path("id").asText().toLowerCase(Locale.ROOT))) {
          changes.addObject().put("resourceId", r.path("id").asText()).put("changeType", "Delete");
        }
      }
    }
    return changes;
  }

  private ArmResponse operations(ArmRequest request) {
    arm.checkSubscription(request);
    DeploymentRun run = find(request);
    List<JsonNode> value = new ArrayList<>();
    synchronized (run) {
      run.operations.forEach(op -> value.add(op.deepCopy()));
    }
    return arm.page(request, value);
  }

  private ArmResponse status(ArmRequest request) {
    arm.checkSubscription(request);
    DeploymentRun run = find(request);
    if (!run.operationId.equals(request.param("op"))) {
      throw ArmException.notFound("OperationNotFound", "The operation '" + request.param("op") + "' could not be found.");
    }
    ArmResponse response = ArmResponse.ok(run.statusDocument());
    if (!run.state.terminal()) {
      arm.pollRetryAfter().ifPresent(v -> response.header("Retry-After", v));
    }
    return response;
  }

  /** The deployment of the request's URL, if ARM would show it (a 202-started one is invisible until it ends). */
  private DeploymentRun find(ArmRequest request) {
    DeploymentRun run = runs.get(key(request.param("rg"), request.param("name")));
    if (run == null || !run.visible()) {
      arm.requireResourceGroup(request.param("rg"));
      throw ArmException.notFound("DeploymentNotFound", "Deployment '" + request.param("name") + "' could not be found.");
    }
    return run;
  }

  private static String key(String rg, String name) {
    return (rg + "/" + name).toLowerCase(Locale.ROOT);
  }
}
