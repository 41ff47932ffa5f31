package io.stamprelease.plugin.agent;

import hudson.ExtensionList;
import hudson.ExtensionPoint;
import hudson.model.Run;
import io.stamprelease.core.steps.GateEnded;
import io.stamprelease.core.steps.StepEnded;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.actions.TimingAction;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Hears, on the controller, every long step's end and every gate's decision of a build — Jenkins' way of letting one
 * part of a plugin react to another without either calling the other (RunListener's shape). The build's release
 * report is one listener. Telling is best effort: a listener that fails is logged and never fails the step.
 */
public interface StepEndListener extends ExtensionPoint {
  Logger LOGGER = Logger.getLogger(StepEndListener.class.getName());

  /** A long step of {@code run} ended (or failed before its agent returned a result). */
  void stepEnded(Run<?, ?> run, StepEnded event);

  /** A gate of {@code run} closed: approved, rejected or expired. */
  void gateEnded(Run<?, ?> run, GateEnded event);

  /** The listeners of this Jenkins; none outside one. */
  static List<StepEndListener> all() {
    return Jenkins.getInstanceOrNull() == null ? List.of() : ExtensionList.lookup(StepEndListener.class);
  }

  /** Tells every listener about the end of the step of {@code context}, given when its flow node started (null if unknown). */
  static void publish(StepContext context, Function<Instant, StepEnded> event) {
    tell(context, (listener, run, started) -> listener.stepEnded(run, event.apply(started)));
  }

  /** Tells every listener that the gate of {@code context} closed. */
  static void publishGate(StepContext context, GateEnded event) {
    tell(context, (listener, run, started) -> listener.gateEnded(run, event));
  }

  /** One telling: a listener, the build, when the step's node started. */
  interface Telling {
    void to(StepEndListener listener, Run<?, ?> run, Instant started);
  }

  private static void tell(StepContext context, Telling telling) {
    List<StepEndListener> listeners = all();
    if (listeners.isEmpty()) {
      return;
    }
    try {
      Run<?, ?> run = context.get(Run.class);
      if (run == null) {
        return; // a step context without a build: nobody to tell
      }
      Instant started = started(context.get(FlowNode.class));
      for (StepEndListener listener : listeners) {
        try {
          telling.to(listener, run, started);
        } catch (RuntimeException e) {
          LOGGER.log(Level.WARNING, listener.getClass().getName() + " failed to take a step's end of " + run, e);
        }
      }
    } catch (IOException e) {
      LOGGER.log(Level.WARNING, "could not tell how a step ended", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** When the step's flow node started (Pipeline times every node); null if unknown. */
  private static Instant started(FlowNode node) {
    long millis = node == null ? 0 : TimingAction.getStartTime(node);
    return millis <= 0 ? null : Instant.ofEpochMilli(millis);
  }
}
