package io.stamprelease.core.steps.aksescale;

import io.stamprelease.core.clients.arm.LroOperation;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Everything {@code akseScale} needs to continue where it stopped: the plan (pool, target, what to add or
 * remove) and each node's progress. Ids, monitor URLs and absolute deadlines only, so a Jenkins step can
 * persist it and a later call continues exactly there.
 *
 * @param before       agent VMs of the pool when the plan was made
 * @param offset       scale-out: the first new index (highest used + 1); the deployment creates [offset, count)
 * @param count        scale-out: the {@code <pool>Count} parameter sent
 * @param added        scale-out: names of the VMs/Nodes the deployment creates
 * @param deployment   scale-out: the deployment's LRO (our PUT's monitoring URLs, or its resource after a re-attach)
 * @param removals     scale-in (and clean-up of leftovers): one entry per node, highest index first
 * @param notes        what the plan noticed, e.g. a VM without a Node
 */
public record ScaleState(String resourceGroup, String pool, String nameSuffix, int target, int before, Mode mode, int offset, int count,
    String deploymentName, LroOperation deployment, List<String> added, List<NodeRemoval> removals, List<String> notes)
    implements Serializable {
  private static final long serialVersionUID = 2L;

  public enum Mode { NONE, SCALE_OUT, SCALE_IN }

  /** How far one node's removal went; each phase is reached only after the previous one finished. */
  public enum Phase {
    PLANNED, CORDONED, DRAINED, VM_DELETED, NIC_DELETED, DISK_DELETED, NODE_DELETED;

    Phase next() {
      return values()[ordinal() + 1];
    }
  }

  /**
   * One node on its way out.
   *
   * @param vmId          null when the VM is already gone (a leftover NIC/disk of an interrupted run)
   * @param delete        the ARM operation of the delete in flight for the next phase, or null
   * @param drainDeadline absolute: when a blocked drain gives up
   * @param drainTime     how long the drain took, once DRAINED
   * @param counted       false for leftovers that were no longer part of the pool's count
   * @param blockedBy     why the last eviction was refused (the PodDisruptionBudget), for messages
   */
  public record NodeRemoval(String node, int index, String vmId, String nicId, String diskId, Phase phase, LroOperation delete,
      Instant drainStarted, Instant drainDeadline, Duration drainTime, boolean counted, String blockedBy) implements Serializable {
    private static final long serialVersionUID = 2L;

    NodeRemoval withPhase(Phase p) {
      return new NodeRemoval(node, index, vmId, nicId, diskId, p, null, drainStarted, drainDeadline, drainTime, counted, blockedBy);
    }

    NodeRemoval withDelete(LroOperation op) {
      return new NodeRemoval(node, index, vmId, nicId, diskId, phase, op, drainStarted, drainDeadline, drainTime, counted, blockedBy);
    }

    NodeRemoval drainStartedAt(Instant now, Duration timeout) {
      return new NodeRemoval(node, index, vmId, nicId, diskId, phase, delete, now, now.plus(timeout), drainTime, counted, blockedBy);
    }

    NodeRemoval drained(Instant now) {
      return new NodeRemoval(node, index, vmId, nicId, diskId, Phase.DRAINED, null, drainStarted, drainDeadline,
          Duration.between(drainStarted, now), counted, null);
    }

    NodeRemoval blocked(String reason) {
      return new NodeRemoval(node, index, vmId, nicId, diskId, phase, delete, drainStarted, drainDeadline, drainTime, counted, reason);
    }

    boolean draining() {
      return phase == Phase.CORDONED && drainStarted != null;
    }

    boolean done() {
      return phase == Phase.NODE_DELETED;
    }
  }

  public ScaleState {
    added = List.copyOf(added);
    removals = List.copyOf(removals);
    notes = List.copyOf(notes);
  }

  ScaleState withDeployment(String name, LroOperation op) {
    return new ScaleState(resourceGroup, pool, nameSuffix, target, before, mode, offset, count, name, op, added, removals, notes);
  }

  ScaleState withRemovals(List<NodeRemoval> newRemovals) {
    return new ScaleState(resourceGroup, pool, nameSuffix, target, before, mode, offset, count, deploymentName, deployment, added,
        newRemovals, notes);
  }

  ScaleState updateRemoval(String node, UnaryOperator<NodeRemoval> change) {
    List<NodeRemoval> list = new ArrayList<>(removals);
    list.replaceAll(r -> r.node().equals(node) ? change.apply(r) : r);
    return withRemovals(list);
  }

  /** Nothing to add, nothing to remove, nothing left over: the pool is already at its target. */
  public boolean noOp() {
    return mode == Mode.NONE && removals.isEmpty();
  }

  /** The node count the pool has once the plan is done. */
  public int after() {
    return before + added.size() - (int) removals.stream().filter(NodeRemoval::counted).count();
  }
}
