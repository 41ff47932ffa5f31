package io.stamprelease.plugin.helm;

import hudson.model.TaskListener;
import io.stamprelease.core.clients.helm.HelmProcessEnvironment;
import io.stamprelease.core.engine.Checkpoint;
import io.stamprelease.core.input.InputField;
import io.stamprelease.core.input.InvalidInputException;
import io.stamprelease.core.input.Problems;
import io.stamprelease.core.steps.helmrollout.HelmRollout;
import io.stamprelease.core.steps.helmrollout.HelmRolloutInput;
import io.stamprelease.core.steps.helmrollout.HelmRolloutRequest;
import io.stamprelease.core.steps.helmrollout.HelmRolloutResult;
import io.stamprelease.core.steps.helmrollout.HelmRolloutState;
import io.stamprelease.plugin.agent.AgentConsole;
import io.stamprelease.plugin.agent.AgentSessionCallable;
import io.stamprelease.plugin.agent.AgentStepCallable.Prepared;
import io.stamprelease.plugin.agent.WorkspacePaths;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code helmRollout} on the agent: read the kubeconfig (workspace file or the credential's contents), resolve the
 * chart and values files against the workspace, validate through core, and run core's {@link HelmRollout} in an
 * agent session (its informers track the workloads without pause). A dry run ends on the first poll with core's
 * report and writes nothing.
 */
public final class HelmRolloutCallable extends AgentSessionCallable<HelmRolloutState> {
  private static final long serialVersionUID = 1L;
  static final String STEP = "helmRollout";
  /** Kubeconfig values that are secrets: bearer tokens, client keys, basic-auth passwords. */
  private static final Pattern KUBECONFIG_SECRET = Pattern.compile("(?m)^\\s*(?:token|client-key-data|password|id-token|refresh-token):\\s*['\"]?([^'\"\\s]+)");

  private final HelmRolloutArgs args;
  private final char[] kubeconfigContents;

  /** {@code kubeconfigContents}: the credential's contents when the kubeconfig comes from a credential, else null. */
  public HelmRolloutCallable(HelmRolloutArgs args, char[] kubeconfigContents, String sessionId, Checkpoint<HelmRolloutState> from,
      TaskListener listener) {
    super(STEP, sessionId, from, listener);
    this.args = args;
    this.kubeconfigContents = kubeconfigContents == null ? null : kubeconfigContents.clone();
  }

  @Override
  protected List<String> secrets(File workspace) {
    String kubeconfig = kubeconfig(workspace);
    return kubeconfig == null ? List.of() : kubeconfigSecrets(kubeconfig);
  }

  /** The kubeconfig's secret values (tokens, client keys, passwords): what the console masks. */
  public static List<String> kubeconfigSecrets(String kubeconfig) {
    List<String> secrets = new ArrayList<>();
    Matcher m = KUBECONFIG_SECRET.matcher(kubeconfig);
    while (m.find()) {
      secrets.add(m.group(1));
    }
    return secrets;
  }

  @Override
  protected Prepared<HelmRolloutState> prepare(File workspace, AgentConsole console) throws IOException {
    HelmRolloutRequest request = request(workspace);
    // before the first Helm call: the Go runtime copies the process environment when its library loads
    HelmProcessEnvironment.prepare();
    HelmRollout rollout = new HelmRollout(request);
    if (args.dryRun()) {
      try (rollout) {
        HelmRollout.DryRunReport report = rollout.dryRun();
        console.println("[" + STEP + "] " + args.where() + ": dry run, nothing written; would create revision " + report.wouldBeRevision());
        return Prepared.nothingToDo(label(), report, null, () -> { });
      }
    }
    return new Prepared<>(rollout.step(), rollout::initialState, label(), o -> HelmRolloutResult.of(o.state()), rollout);
  }

  private String label() {
    return args.stamp() != null ? args.stamp() : args.release();
  }

  /** The kubeconfig argument the step was given: a credential or a workspace file, exactly one. */
  enum Argument implements InputField {
    KUBECONFIG_CREDENTIALS_ID;

    @Override
    public String key() {
      return "kubeconfigCredentialsId";
    }
  }

  /** Every problem in one {@link InvalidInputException}, before the cluster is contacted. */
  HelmRolloutRequest request(File workspace) {
    Problems problems = new Problems(STEP);
    problems.check((args.kubeconfig() == null) != (args.kubeconfigCredentialsId() == null), HelmRolloutInput.Field.KUBECONFIG,
        "give exactly one of kubeconfig (a file in the workspace) or kubeconfigCredentialsId (a secret file or secret text credential)");
    if (kubeconfigContents != null) {
      problems.check(kubeconfigContents.length > 0, Argument.KUBECONFIG_CREDENTIALS_ID, "credential '" + args.kubeconfigCredentialsId()
          + "' is empty");
    }
    HelmRolloutRequest request = problems.attempt(() -> args.input(workspace, contents()).validate());
    problems.throwIfAny();
    return request;
  }

  private String contents() {
    return kubeconfigContents == null || kubeconfigContents.length == 0 ? null : new String(kubeconfigContents);
  }

  private String kubeconfig(File workspace) {
    if (kubeconfigContents != null) {
      return new String(kubeconfigContents);
    }
    if (args.kubeconfig() == null) {
      return null;
    }
    try {
      return Files.readString(WorkspacePaths.path(workspace, args.kubeconfig()));
    } catch (IOException e) {
      return null;
    }
  }
}
