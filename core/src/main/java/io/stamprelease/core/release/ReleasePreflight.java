package io.stamprelease.core.release;

import io.stamprelease.core.input.InputField;
import io.stamprelease.core.input.InvalidInputException;
import io.stamprelease.core.input.Problem;
import io.stamprelease.core.steps.helmrollout.HelmRolloutInput;
import io.stamprelease.core.steps.trafficshift.TrafficShiftInput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The inputs of every step a release will run (built by {@link StampInputs} as the run builds them), judged by those steps'
 * own validators before the release's first write:
 * each stamp's {@link HelmRolloutInput} (chart, values files, its {@code --set} values, the run's {@code --timeout}…) and
 * the drain and stepwise restore {@link TrafficShiftInput}s with the run's options ({@code --dns-wait}, {@code --poll},
 * the plan's bake and restore steps). Without it a bad option or a bad value is found only when the first stamp
 * reaches that step — after its traffic was drained. Each problem is told at the plan's path ({@code app.valuesFiles},
 * {@code app.stampValues.seattle}) or the run option's flag ({@code timeout}, {@code dnsWait}, {@code poll}).
 */
public final class ReleasePreflight {
  private ReleasePreflight() {
  }

  /** Throws every problem of every stamp's step inputs at once, as invalid input (nothing has been written yet). */
  public static void check(ReleaseSetup setup, ReleaseOptions options) {
    Path planDir = setup.planFile().toAbsolutePath().getParent();
    Set<Problem> problems = new LinkedHashSet<>();
    for (ReleasePlan.Stamp stamp : setup.plan().stamps()) {
      StampTarget target = setup.targets().get(stamp.name());
      if (target == null) {
        continue; // its kubeconfig problem is ReleaseSetup's
      }
      collect(problems, () -> StampInputs.helmInput(setup.plan(), planDir, stamp.name(), target, options).validate(), stamp.name());
      collect(problems, () -> StampInputs.drainInput(setup.plan(), setup.profile(), options, stamp.name(), "preflight").validate(), stamp.name());
      collect(problems, () -> StampInputs.restoreInput(setup.plan(), setup.profile(), options, stamp.name(), "preflight").validate(),
          stamp.name());
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException("release", new ArrayList<>(problems));
    }
  }

  private static void collect(Set<Problem> into, Runnable validation, String stamp) {
    try {
      validation.run();
    } catch (InvalidInputException e) {
      e.problems().forEach(p -> into.add(told(p, stamp)));
    }
  }

  /** A step's problem told where the release takes that value from: the plan's path or the run's option. */
  static Problem told(Problem p, String stamp) {
    InputField f = p.field();
    if (f instanceof HelmRolloutInput.Field h) {
      return switch (h) {
        case RELEASE -> plan("app.release", p);
        case NAMESPACE, CREATE_NAMESPACE -> plan("app.namespace", p);
        case CHART, REPO -> plan("app.chart", p);
        case CHART_VERSION -> plan("app.version", p);
        case VALUES -> plan("app.valuesFiles", p);
        case SET -> plan("app.stampValues." + stamp, p);
        case PROBE_PATH, PROBE_URL, PROBE_HOST -> plan("app.smokePath", p);
        case KUBECONFIG -> plan("stamps." + stamp, p);
        case TIMEOUT -> new Problem(ReleaseField.TIMEOUT, null, p.message());
        default -> p;
      };
    }
    if (f instanceof TrafficShiftInput.Field t) {
      return switch (t) {
        case WAIT -> new Problem(ReleaseField.DNS_WAIT, null, p.message());
        case POLL -> new Problem(ReleaseField.POLL, null, p.message());
        case BAKE -> plan("traffic.bake", p);
        case STEPS -> plan("traffic.restoreSteps", p);
        case PROVIDER -> plan("traffic.provider", p);
        case PROFILE -> plan("traffic.profile", p);
        default -> plan("stamps." + stamp + ".trafficEndpoint", p);
      };
    }
    return p;
  }

  private static Problem plan(String at, Problem p) {
    return new Problem(ReleaseField.PLAN, at, p.message());
  }
}
