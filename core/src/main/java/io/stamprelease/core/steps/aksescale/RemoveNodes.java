package io.stamprelease.core.steps.aksescale;

import io.fabric8.kubernetes.api.model.Pod;
import io.stamprelease.core.clients.arm.LroStatus;
import io.stamprelease.core.clients.hub.ArmClient;
import io.stamprelease.core.engine.Task;
import io.stamprelease.core.engine.TaskContext;
import io.stamprelease.core.engine.TaskResult;
import io.stamprelease.core.steps.aksescale.ScaleState.NodeRemoval;
import io.stamprelease.core.steps.aksescale.ScaleState.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scale-in, one slice per call: refuse unmanaged pods before touching anything, cordon every node to remove
 * (so evicted pods do not land on the next one), drain up to {@code maxParallelDrains} nodes through the
 * Eviction API, and for each drained node delete VM → NIC → OS disk (ARM operations, monitor URL kept in the
 * state) → Node object. A node whose drain did not finish is never deleted. Everything it does is read back
 * from the state and the world, so calling it again — or from a persisted state — is safe.
 */
final class RemoveNodes implements Task<ScaleState> {
  private final ScaleRequest request;
  private final ArmClient arm;
  private final Drainer drainer;

  RemoveNodes(ScaleRequest request, ArmClient arm, Drainer drainer) {
    this.request = request;
    this.arm = arm;
    this.drainer = drainer;
  }

  @Override
  public String name() {
    return "remove-nodes";
  }

  @Override
  public TaskResult<ScaleState> execute(ScaleState state, TaskContext context) {
    if (state.removals().stream().allMatch(NodeRemoval::done)) {
      return TaskResult.succeeded(state);
    }
    Instant now = context.now();
    ScaleState s = state;

    List<NodeRemoval> planned = s.removals().stream().filter(r -> r.phase() == Phase.PLANNED).toList();
    if (!planned.isEmpty()) {
      if (!request.force()) {
        List<String> unmanaged = new ArrayList<>();
        for (NodeRemoval r : planned) {
          drainer.podsToMove(r.node()).stream().filter(Drainer::unmanaged).filter(p -> !Drainer.finished(p))
              .forEach(p -> unmanaged.add(Drainer.id(p) + " on " + r.node()));
        }
        if (!unmanaged.isEmpty()) {
          return TaskResult.terminal(s, "cannot drain: pods not managed by a controller would be lost: " + String.join(", ", unmanaged)
              + "; nothing was changed (no node cordoned, nothing deleted). Move them, or use force to evict them anyway.");
        }
      }
      for (NodeRemoval r : planned) {
        drainer.cordon(r.node());
        s = s.updateRemoval(r.node(), x -> x.withPhase(Phase.CORDONED));
      }
      context.progress("cordoned " + String.join(", ", planned.stream().map(NodeRemoval::node).toList()));
    }

    long draining = s.removals().stream().filter(NodeRemoval::draining).count();
    for (NodeRemoval r : s.removals()) {
      if (r.phase() == Phase.CORDONED && r.drainStarted() == null && draining < request.maxParallelDrains()) {
        s = s.updateRemoval(r.node(), x -> x.drainStartedAt(now, request.drainTimeout()));
        draining++;
        context.progress("draining " + r.node());
      }
    }

    for (NodeRemoval r : s.removals()) {
      if (r.draining()) {
        DrainSlice slice = drainSlice(r, now, context);
        s = s.updateRemoval(r.node(), x -> slice.removal());
        if (slice.failure().isPresent()) {
          return TaskResult.failed(s, slice.failure().get());
        }
      }
    }

    Duration retry = request.pollInterval();
    for (NodeRemoval r : s.removals()) {
      if (r.phase().compareTo(Phase.DRAINED) >= 0 && !r.done()) {
        DeleteSlice slice = deleteSlice(r, context);
        s = s.updateRemoval(r.node(), x -> slice.removal());
        retry = slice.retryAfter().compareTo(retry) < 0 ? slice.retryAfter() : retry;
      }
    }
    if (s.removals().stream().allMatch(NodeRemoval::done)) {
      return TaskResult.succeeded(s, "removed " + s.removals().size() + " node(s): "
          + String.join(", ", s.removals().stream().map(NodeRemoval::node).toList()), Map.of());
    }
    long gone = s.removals().stream().filter(NodeRemoval::done).count();
    boolean moved = !s.removals().equals(state.removals());
    return TaskResult.running(s, retry, moved ? gone + "/" + s.removals().size() + " nodes removed" : null); // quiet while waiting
  }

  /** The node after one drain slice, and the message when its drain timed out. */
  private record DrainSlice(NodeRemoval removal, Optional<String> failure) {
  }

  /** Evicts what is left on the node; a failure means the drain timed out. */
  private DrainSlice drainSlice(NodeRemoval r, Instant now, TaskContext context) {
    List<Pod> pods = drainer.podsToMove(r.node());
    if (pods.isEmpty()) {
      NodeRemoval drained = r.drained(now);
      context.progress("drained " + r.node() + " in " + drained.drainTime().toMillis() + "ms");
      return new DrainSlice(drained, Optional.empty());
    }
    NodeRemoval latest = r;
    String blocked = null;
    for (Pod pod : pods) {
      if (Drainer.terminating(pod)) {
        continue;
      }
      if (Drainer.unmanaged(pod) && !request.force()) {
        blocked = "pod " + Drainer.id(pod) + " has no controller (it appeared after the node was cordoned); use force to evict it";
        continue;
      }
      Optional<String> refused = drainer.evict(pod);
      if (refused.isPresent()) {
        blocked = refused.get();
      }
    }
    if (blocked != null) {
      latest = r.blocked(blocked);
      context.progress(r.node() + ": " + blocked + "; retrying until " + r.drainDeadline());
    }
    if (now.isAfter(r.drainDeadline())) {
      return new DrainSlice(latest, Optional.of("drain of node " + r.node() + " did not finish within " + request.drainTimeout().toSeconds() + "s: "
          + (blocked != null ? blocked : pods.size() + " pod(s) still terminating") + ". Node " + r.node()
          + " was not deleted (it stays cordoned); re-run when the budget allows the eviction, or raise the drain timeout."));
    }
    return new DrainSlice(latest, Optional.empty());
  }

  private record DeleteSlice(NodeRemoval removal, Duration retryAfter) {
  }

  /** Moves one node along VM → NIC → disk → Node as far as it can go without waiting. */
  private DeleteSlice deleteSlice(NodeRemoval start, TaskContext context) {
    NodeRemoval r = start;
    while (!r.done()) {
      if (r.phase() == Phase.DISK_DELETED) {
        drainer.deleteNode(r.node());
        context.progress("deleted Node " + r.node());
        return new DeleteSlice(r.withPhase(Phase.NODE_DELETED), request.pollInterval());
      }
      String id = switch (r.phase()) {
        case DRAINED -> r.vmId();
        case VM_DELETED -> r.nicId();
        default -> r.diskId();
      };
      String type = switch (r.phase()) {
        case DRAINED -> PoolInventory.VMS;
        case VM_DELETED -> PoolInventory.NICS;
        default -> PoolInventory.DISKS;
      };
      if (id == null) {
        r = r.withPhase(r.phase().next());
        continue;
      }
      String what = type.substring(type.indexOf('/') + 1) + " " + id.substring(id.lastIndexOf('/') + 1);
      if (r.delete() == null) {
        ArmDeletes.Started started = ArmDeletes.start(arm, id, type, context.now());
        if (started instanceof ArmDeletes.Started.InFlight f) {
          context.progress("deleting " + what);
          return new DeleteSlice(r.withDelete(f.operation()), Duration.between(context.now(), f.operation().pollAt()));
        }
        if (started instanceof ArmDeletes.Started.NotYet n) {
          return new DeleteSlice(r, request.pollInterval());
        }
        r = r.withPhase(r.phase().next());
      } else {
        LroStatus status = ArmDeletes.poll(arm, r.delete(), what, context.now(), request.pollInterval());
        if (!status.state().terminal()) {
          if (status.readIssue() != null) {
            context.progress("deleting " + what + ": " + status.readIssue());
          }
          return new DeleteSlice(r.withDelete(status.next()), status.retryAfter());
        }
        context.progress("deleted " + what);
        r = r.withPhase(r.phase().next());
      }
    }
    return new DeleteSlice(r, request.pollInterval());
  }
}
