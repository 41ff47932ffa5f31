package io.stamprelease.core.steps.helmrollout;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Release;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.stamprelease.core.clients.helm.HelmCalls;
import io.stamprelease.core.clients.kube.KubeCalls;
import io.stamprelease.core.clients.kube.KubeErrors;
import io.stamprelease.core.engine.Step;
import io.stamprelease.core.steps.PlainValues;
import io.stamprelease.core.steps.StepKind;
import io.stamprelease.core.steps.StepResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code helmRollout}: {@code helm upgrade --install} without Helm's {@code --wait}, then every workload of the
 * rendered revision is tracked with informers and the rollout fails fast on a broken pod; a failed rollout (or a
 * failing smoke probe) is rolled back to the last good revision, and the rollback is tracked the same way.
 *
 * <p>Tasks, one class each: {@link PlanRollout plan} (remember the deployed revision) → {@link UpgradeRelease upgrade}
 * (send; re-attaches to a revision it already created) → {@link TrackRollout track} → {@link SmokeTest smoke}. When one
 * of them fails, the step's onFailure tasks run: {@link RollBack rollback} (send) → {@link TrackRollback track-rollback},
 * and the step ends FAILED, saying what it rolled back to. Each task skips itself when the phase says it does not apply,
 * so a checkpoint fed back into the engine continues exactly where it stopped. The informers, the client and the private
 * directory are live objects ({@link HelmSession}) and not in the state: a re-run in a new process starts them again from
 * the revision numbers in the state.
 */
public final class HelmRollout implements AutoCloseable {
  private final HelmRolloutRequest request;
  private final HelmSession session;

  /** A rollout of a validated request ({@link HelmRolloutInput#validate()}); nothing touches the cluster before a task runs. */
  public HelmRollout(HelmRolloutRequest request) {
    this.request = request;
    this.session = new HelmSession(request);
  }

  public HelmRolloutRequest request() {
    return request;
  }

  public HelmRolloutState initialState() {
    return HelmRolloutState.start(request.release(), request.namespace());
  }

  /** The plan: its tasks, the rollback as their compensation, and an overall timeout a little over the rollout's own. */
  public Step<HelmRolloutState> step() {
    return new Step<>("helmRollout", List.of(new PlanRollout(session), new UpgradeRelease(session), new TrackRollout(session),
        new SmokeTest(session)), List.of(new RollBack(session), new TrackRollback(session)),
        request.timeout().multipliedBy(2).plus(Duration.ofMinutes(2)));
  }

  // ---- dry run -------------------------------------------------------------------------------------------------

  /** What {@code --dry-run} found: the revision it would create and what would change against the live release. */
  public record DryRunReport(String release, String namespace, int wouldBeRevision, Integer liveRevision, List<String> images,
                             List<String> changes, String diff) implements StepResult {
    private static final long serialVersionUID = 1L;

    @Override
    public StepKind step() {
      return StepKind.HELM_ROLLOUT;
    }

    @Override
    public Map<String, Object> toPlainMap() {
      return new PlainValues().put("release", release).put("namespace", namespace)
          .put("wouldBeRevision", wouldBeRevision).put("liveRevision", liveRevision).put("images", images).put("changes", changes)
          .put("diff", diff).put("dryRun", true).map();
    }

    @Override
    public String summary() {
      return "dry run of " + release + " in " + namespace + ": would create revision " + wouldBeRevision + "; nothing was written";
    }
  }

  /** Server-side dry-run (the API server validates every object), client render, and a diff against the live release; writes nothing. */
  public DryRunReport dryRun() {
    try {
      return dryRunUnchecked();
    } catch (KubernetesClientException e) {
      throw KubeCalls.translate("dry-run release " + request.release() + " in " + request.namespace(), session.client().getMasterUrl().toString(), e);
    } catch (KubeErrors.ClusterUnreachableException e) {
      throw e.at(session.client().getMasterUrl().toString());
    }
  }

  private DryRunReport dryRunUnchecked() {
    HelmCommands commands = new HelmCommands(session);
    Release serverCheck;
    try {
      serverCheck = HelmCalls.call("upgrade --dry-run=server", session.helmCallTimeout(), () -> commands.upgrade().dryRun().withDryRunOption(DryRun.SERVER).call());
    } finally {
      session.deleteKubeconfigFile();
    }
    String rendered = HelmCalls.call("template", request.timeout(), () -> commands.template().call());
    ReleaseRecords records = session.records();
    Integer live = records.deployedRevision().orElse(null);
    ReleaseManifest before = live == null ? new ReleaseManifest(List.of()) : ReleaseManifest.parse(records.read(live).path("manifest").asText(""));
    ReleaseManifest after = ReleaseManifest.parse(rendered);
    ManifestDiff diff = ManifestDiff.between(before, after, request.namespace());
    return new DryRunReport(request.release(), request.namespace(), Integer.parseInt(serverCheck.getRevision()), live, after.images(),
        diff.changes(), diff.text());
  }

  /** Stops the informers, closes the client and deletes the private directory (kubeconfig copy, rebuilt charts). */
  @Override
  public void close() {
    session.close();
  }
}
