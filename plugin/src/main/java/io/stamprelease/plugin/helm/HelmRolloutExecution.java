package io.stamprelease.plugin.helm;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.stamprelease.core.steps.helmrollout.HelmRolloutState;
import io.stamprelease.plugin.agent.AgentResult;
import io.stamprelease.plugin.agent.AgentSessionCallable;
import io.stamprelease.plugin.agent.OneWriter;
import io.stamprelease.plugin.agent.SessionExecution;
import java.io.IOException;
import java.util.Locale;
import jenkins.MasterToSlaveFileCallable;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Polls an agent session ({@link AgentSessionCallable}): the rollout runs on the agent without pause, the
 * controller persists the arguments, the session id and the newest checkpoint. {@code stop()} cancels the session
 * on the agent and says what is left in the cluster.
 */
public final class HelmRolloutExecution extends SessionExecution<HelmRolloutState> {
  private static final long serialVersionUID = 1L;
  private final HelmRolloutArgs args;
  /**
   * The kubeconfig credential's contents, resolved (and tracked) once per controller lifetime rather than on every
   * poll; transient, so the secret is never written to program.dat.
   */
  private transient char[] kubeconfig;

  public HelmRolloutExecution(StepContext context, HelmRolloutArgs args) {
    super(context, HelmRolloutCallable.STEP, args.stamp());
    this.args = args;
  }

  @Override
  protected void checkOnController(Run<?, ?> run) throws IOException {
    kubeconfigContents(run);
  }

  @Override
  protected MasterToSlaveFileCallable<AgentResult<HelmRolloutState>> agentCall(Run<?, ?> run, TaskListener listener) throws IOException {
    if (kubeconfig == null && args.kubeconfigCredentialsId() != null) {
      kubeconfig = kubeconfigContents(run);
    }
    return new HelmRolloutCallable(args, kubeconfig, sessionId(), checkpoint(), listener);
  }

  @Override
  protected String leftWhenStopped() {
    return checkpoint() == null || checkpoint().state().targetRevision() == null ? "no revision had been created yet"
        : "revision " + checkpoint().state().targetRevision() + " of " + args.release() + " stays as it is (not rolled back; "
            + "use helm rollback or run the step again)";
  }

  @Override
  protected String where() {
    return args.where();
  }

  @Override
  protected String reportedStamp() {
    return args.stamp() != null ? args.stamp() : args.release();
  }

  /** The release in its namespace on the stamp (no stamp given: the cluster the kubeconfig credential or file names). */
  @Override
  protected OneWriter.Target writes() {
    return new OneWriter.Target(HelmRolloutCallable.STEP, args.stamp() != null ? "stamp " + args.stamp()
        : args.kubeconfigCredentialsId() != null ? "the cluster of kubeconfig credential '" + args.kubeconfigCredentialsId() + "'"
            : "the cluster of kubeconfig " + args.kubeconfig(), "release " + args.release() + " in namespace " + args.namespace(), "rolling out");
  }

  @Override
  protected String describe(HelmRolloutState s) {
    return s.phase().name().toLowerCase(Locale.ROOT).replace('_', ' ') + (s.targetRevision() == null ? "" : ", revision " + s.targetRevision())
        + (s.lastProgress() == null ? "" : ", " + s.lastProgress());
  }

  public HelmRolloutArgs args() {
    return args;
  }

  /** The kubeconfig credential's contents (null when the kubeconfig is a workspace file), resolved and tracked as the build. */
  private char[] kubeconfigContents(Run<?, ?> run) throws IOException {
    String id = args.kubeconfigCredentialsId();
    if (id == null) {
      return null;
    }
    StandardCredentials c = CredentialsProvider.findCredentialById(id, StandardCredentials.class, run);
    if (c == null) {
      throw new AbortException("[helmRollout] unable to find credentials with id '" + id + "' (a secret file or secret text holding a kubeconfig)");
    }
    char[] contents = KubeconfigCredentials.contents(c);
    CredentialsProvider.track(run, c);
    return contents;
  }
}
