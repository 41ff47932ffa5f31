package io.stamprelease.testkit.arm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.ScheduledExecutorService;

/** The state of one simulated subscription shared by its resource-provider handlers. */
final class ArmContext {
  private final String subscriptionId;
  private final String location;
  private final ResourceStore store = new ResourceStore();
  private final ScheduledExecutorService scheduler;
  private final LroTracker lro;
  private final ArmFaults faults;
  private volatile ArmTimings timings;
  private volatile ResourceHooks hooks = ResourceHooks.NONE;

  ArmContext(String subscriptionId, String location, ScheduledExecutorService scheduler, ArmFaults faults, ArmTimings timings) {
    this.subscriptionId = subscriptionId;
    this.location = location;
    this.scheduler = scheduler;
    this.faults = faults;
    this.timings = timings;
    this.lro = new LroTracker(subscriptionId, location, scheduler, timings.retryAfterSeconds());
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
    lro.retryAfterSeconds(timings.retryAfterSeconds());
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
