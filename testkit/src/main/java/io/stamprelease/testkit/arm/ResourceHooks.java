package io.stamprelease.testkit.arm;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** How the rest of a simulated hub learns that ARM created or deleted a virtual machine. */
public interface ResourceHooks {
  ResourceHooks NONE = new ResourceHooks() {
  };

  /** A VM finished provisioning (its tags say which AKS Engine pool it belongs to). */
  default void virtualMachineCreated(ObjectNode vm) {
  }

  /** A VM was deleted: its node stops posting status. */
  default void virtualMachineDeleted(ObjectNode vm) {
  }
}
