package io.stamprelease.plugin.agent;

import hudson.model.Run;
import hudson.model.TaskListener;
import io.stamprelease.core.engine.Checkpoint;
import io.stamprelease.plugin.hubs.AgentHub;
import io.stamprelease.plugin.hubs.HubCredentials;
import java.io.IOException;
import java.io.Serializable;
import jenkins.MasterToSlaveFileCallable;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * A long step against a configured hub whose work is a series of short <em>visits</em> to the agent: each one is
 * {@code Engine.advance} from the persisted checkpoint, with the hub's credentials resolved anew as the build
 * (akseDeploy, akseScale, trafficShift). Nothing lives on the agent between visits.
 */
public abstract class VisitingExecution<S extends Serializable> extends AgentExecution<S> {
  private static final long serialVersionUID = 1L;

  protected VisitingExecution(StepContext context, String stepName, String hubName) {
    super(context, stepName, hubName);
  }

  /** The agent call of one visit, from {@code from} (null: the first visit plans). */
  protected abstract AgentStepCallable<S> callable(AgentHub hub, Checkpoint<S> from, TaskListener listener);

  /** The hub exists and its credentials resolve, before anything runs. */
  @Override
  protected void checkOnController(Run<?, ?> run) throws IOException {
    HubCredentials.resolve(stepName(), HubCredentials.entry(stepName(), hubName()), run);
  }

  @Override
  protected MasterToSlaveFileCallable<AgentResult<S>> agentCall(Run<?, ?> run, TaskListener listener) throws IOException {
    return callable(HubCredentials.resolve(stepName(), HubCredentials.entry(stepName(), hubName()), run), checkpoint(), listener);
  }
}
