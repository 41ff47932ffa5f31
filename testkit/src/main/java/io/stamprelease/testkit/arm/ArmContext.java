package io.stamprelease.testkit.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

/** The state of one simulated subscription shared by its resource-provider handlers. */
final class ArmContext {
  private final String subscriptionId;
  private final String location;
  private final ResourceStore store = new ResourceStore();
  private final ScheduledExecutorService scheduler;
  private final LroTracker lro;
  private final ArmFaults faults;
  private final ArmContract contract = new ArmContract();
  private volatile String baseUrl;
  private volatile ArmTimings timings;
  private volatile ResourceHooks hooks = ResourceHooks.NONE;
  private final KeyVaults keyVaults = new KeyVaults(this);

  ArmContext(String subscriptionId, String location, ScheduledExecutorService scheduler, ArmFaults faults, ArmTimings timings) {
    this.subscriptionId = subscriptionId;
    this.location = location;
    this.scheduler = scheduler;
    this.faults = faults;
    this.timings = timings;
    this.lro = new LroTracker(this);
  }

  /** The server's {@code https://127.0.0.1:<port>}, for the absolute URLs ARM hands out (Location, nextLink). */
  void bind(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  String baseUrl() {
    return baseUrl;
  }

  ArmContract contract() {
    return contract;
  }

  /** One page of a list, as {@link Paging} answers it under this hub's contract. */
  ArmResponse page(ArmRequest request, List<? extends JsonNode> items) {
    return Paging.page(request, items, contract, baseUrl);
  }

  String subscriptionId() {
    return subscriptionId;
  }

  String location() {
    return location;
  }

  ResourceStore store() {
    return store;
  }

  KeyVaults keyVaults() {
    return keyVaults;
  }

  ScheduledExecutorService scheduler() {
    return scheduler;
  }

  LroTracker lro() {
    return lro;
  }

  ArmFaults faults() {
    return faults;
  }

  ArmTimings timings() {
    return timings;
  }

  void timings(ArmTimings timings) {
    this.timings = timings;
  }

  /** The {@code Retry-After} header of an LRO-starting 201/202, if the contract sends one. */
  Optional<String> startRetryAfter() {
    return contract.startRetryAfterHeader(timings.retryAfterSeconds());
  }

  /** The {@code Retry-After} header of a poll answer while an LRO runs, if the contract sends one. */
  Optional<String> pollRetryAfter() {
    return contract.pollRetryAfterHeader(timings.retryAfterSeconds());
  }

  ResourceHooks hooks() {
    return hooks;
  }

  void hooks(ResourceHooks hooks) {
    this.hooks = hooks;
  }

  void checkSubscription(ArmRequest request) {
    if (!subscriptionId.equalsIgnoreCase(request.param("sub"))) {
      throw ArmException.notFound("SubscriptionNotFound", "The subscription '" + request.param("sub") + "' could not be found.");
    }
  }

  String resourceGroupId(String name) {
    return "/subscriptions/" + subscriptionId + "/resourceGroups/" + name;
  }

  ObjectNode requireResourceGroup(String name) {
    ObjectNode group = store.get(resourceGroupId(name));
    if (group == null) {
      throw ArmException.notFound("ResourceGroupNotFound", "Resource group '" + name + "' could not be found.");
    }
    return group;
  }

  /** Tells the hook that a resource went away (VM deletes make their node NotReady). */
  void deleted(ObjectNode resource) {
    if (resource.path("type").asText().equalsIgnoreCase("Microsoft.Compute/virtualMachines")) {
      hooks.virtualMachineDeleted(resource);
    }
  }
}
