package io.stamprelease.plugin.gate;

import hudson.AbortException;
import hudson.model.Cause;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.stamprelease.core.steps.GateEnded;
import io.stamprelease.core.steps.stampgate.Approval;
import io.stamprelease.core.steps.stampgate.GateDecision;
import io.stamprelease.core.steps.stampgate.GatePolicy;
import io.stamprelease.core.steps.stampgate.GateState;
import io.stamprelease.core.steps.stampgate.Gates;
import io.stamprelease.core.steps.stampgate.StampGateResult;
import io.stamprelease.plugin.agent.StepEndListener;
import io.stamprelease.plugin.agent.StepInputs;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import jenkins.util.Timer;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.support.actions.PauseAction;

/**
 * The open gate. Its persisted state is core's {@link GateState} (who answered, when it opened) plus the policy;
 * the build's {@link StampGateAction} only routes answers to it and is re-attached by {@link #onResume()}.
 */
public final class StampGateExecution extends StepExecution {
  private static final long serialVersionUID = 1L;
  private final String stamp;
  private final GatePolicy policy;
  private final String message;
  private GateState state;
  private transient volatile boolean closed;
  private transient ScheduledFuture<?> expiry;
  private transient StampGateAction action;

  public StampGateExecution(StepContext context, String stamp, GatePolicy policy, String message) {
    super(context);
    this.stamp = stamp;
    this.policy = policy;
    this.message = message;
  }

  @Override
  public boolean start() throws Exception {
    Run<?, ?> run = getContext().get(Run.class);
    Cause.UserIdCause cause = run.getCause(Cause.UserIdCause.class);
    open(cause == null ? null : cause.getUserId(), Instant.now());
    FlowNode node = getContext().get(FlowNode.class);
    if (node != null) {
      node.addAction(new PauseAction("Approval"));
    }
    attach(run);
    log(message + " Waiting for " + policy.minApprovals() + " approval(s) from " + String.join(", ", policy.approvers())
        + (policy.allowRequester() || state.requester() == null ? "" : "; " + state.requester() + " started this build and may not approve")
        + "; expires at " + expiresAt() + ". Answer on the build's Stamp gates page: " + run.getUrl() + StampGateAction.URL + "/");
    scheduleExpiry();
    return false;
  }

  /** Opens the gate (the part of {@link #start()} that does not need Jenkins). */
  public void open(String requester, Instant now) {
    state = GateState.open(stamp, requester, now);
  }

  @Override
  public void onResume() {
    try {
      attach(getContext().get(Run.class));
    } catch (IOException | InterruptedException e) {
      getContext().onFailure(e);
      return;
    }
    log("resumed after a restart: " + Gates.decide(policy, state, Instant.now()).message());
    scheduleExpiry();
  }

  @Override
  public void stop(Throwable cause) throws Exception {
    close();
    getContext().onFailure(cause);
  }

  @Override
  public String getStatus() {
    GateDecision d = Gates.decide(policy, state, Instant.now());
    return "gate of " + stamp + ": " + d.message() + (d.closed() ? "" : ", expires at " + expiresAt());
  }

  public String id() {
    return stamp + "-" + state.openedAt().toEpochMilli();
  }

  public String stamp() {
    return stamp;
  }

  public String message() {
    return message;
  }

  public GateState state() {
    return state;
  }

  public GatePolicy policy() {
    return policy;
  }

  public Instant expiresAt() {
    return state.openedAt().plus(policy.expiry());
  }

  /**
   * An approver's answer. Empty when it was recorded (the step completes once the gate closes); otherwise the
   * reason it was refused (not an approver, the requester, already answered, expired, closed).
   */
  public synchronized Optional<String> answer(String user, Set<String> groups, Approval.Decision decision, String comment, Instant now) {
    if (closed) {
      return Optional.of("the gate of " + stamp + " is already closed");
    }
    Optional<String> refusal = Gates.refusal(policy, state, user, groups, now);
    if (refusal.isPresent()) {
      return refusal;
    }
    state = Gates.answer(policy, state, new Approval(user, groups, decision, now, comment));
    log(user + (decision == Approval.Decision.APPROVE ? " approved" : " rejected") + (StepInputs.blank(comment) ? "" : ": " + comment));
    GateDecision after = Gates.decide(policy, state, now);
    if (after.closed()) {
      finish(after, now);
    } else {
      log(after.message());
      getContext().saveState();
    }
    return Optional.empty();
  }

  /** Closes the gate as expired if its time is up (the expiry timer calls it; so does {@link #onResume()} after a long restart). */
  public synchronized void expireIfDue(Instant now) {
    GateDecision d = Gates.decide(policy, state, now);
    if (!closed && d.status() == GateDecision.Status.EXPIRED) {
      finish(d, now);
    }
  }

  private void finish(GateDecision decision, Instant now) {
    close();
    Map<String, Object> result = result(decision, now);
    StepEndListener.publishGate(getContext(), GateEnded.of(state, decision, now));
    if (action != null) {
      action.decided(id(), result);
    }
    log(decision.message());
    if (decision.status() == GateDecision.Status.APPROVED) {
      getContext().onSuccess(result);
    } else {
      getContext().onFailure(new AbortException("[stampGate] " + stamp + ": " + decision.message()));
    }
  }

  /** The step's return value and the build's audit record: core's result as plain values. */
  Map<String, Object> result(GateDecision decision, Instant now) {
    return StampGateResult.of(state, decision, now).toPlainMap();
  }

  private void close() {
    closed = true;
    if (expiry != null) {
      expiry.cancel(false);
    }
    if (action != null) {
      action.unregister(id());
    }
    try {
      FlowNode node = getContext().get(FlowNode.class);
      if (node != null) {
        PauseAction.endCurrentPause(node);
      }
    } catch (IOException | InterruptedException e) {
      // the pause marker is cosmetic; the answer is recorded regardless
    }
  }

  private void attach(Run<?, ?> run) {
    action = StampGateAction.of(run);
    action.register(this);
  }

  private void scheduleExpiry() {
    long delay = Math.max(0, expiresAt().toEpochMilli() - System.currentTimeMillis());
    expiry = Timer.get().schedule(() -> expireIfDue(Instant.now()), delay, TimeUnit.MILLISECONDS);
  }

  private void log(String line) {
    try {
      TaskListener listener = getContext().get(TaskListener.class);
      if (listener != null) {
        listener.getLogger().println("[stampGate] " + stamp + ": " + line);
      }
    } catch (IOException | InterruptedException e) {
      // the log is best effort; the gate's state is authoritative
    }
  }
}
