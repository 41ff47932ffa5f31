package io.stamprelease.core.traffic;

import io.stamprelease.core.input.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random profiles and random operation sequences, sending only what the guardrails accept, against a small
 * model of Traffic Manager's monitor: a disabled endpoint shows Disabled, a re-enabled one CheckingEndpoint
 * until probed, then its hidden health. The world never breaks a healthy endpoint here — we check what our
 * changes do, not what outages do.
 */
@Label("Traffic safety properties")
class TrafficSafetyPropertiesTest {

  /** One endpoint as generated: setting, monitor status, and the health a probe would find. */
  record Generated(boolean enabled, int weight, MonitorStatus monitor, boolean healthy) {
  }

  sealed interface Op permits SetWeights, Drain, Restore, Shift, Revert, Probe {
  }

  record SetWeights(List<Integer> parts) implements Op {
  }

  record Drain(int index, DrainMode mode) implements Op {
  }

  record Restore(int index) implements Op {
  }

  record Shift(int index, List<Integer> steps) implements Op {
  }

  record Revert() implements Op {
  }

  /** A world event: the monitor finishes probing an endpoint. */
  record Probe(int index) implements Op {
  }

  @Provide
  Arbitrary<List<Generated>> endpoints() {
    // Online as often as all other statuses together, so that profiles with a single serving endpoint are common.
    Arbitrary<MonitorStatus> monitor = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(MonitorStatus.Online)),
        Tuple.of(6, Arbitraries.of(MonitorStatus.class)));
    Arbitrary<Integer> weight = Arbitraries.oneOf(Arbitraries.integers().between(1, 1000), Arbitraries.of(1, 2, 1000));
    return Combinators.combine(Arbitraries.of(true, false), weight, monitor, Arbitraries.of(true, false)).as(Generated::new)
        .list().ofMinSize(2).ofMaxSize(6);
  }

  /** No limit half of the time: a max step of 100 is when only the health rules stand between us and an outage. */
  @Provide
  Arbitrary<Integer> maxSteps() {
    return Arbitraries.oneOf(Arbitraries.just(100), Arbitraries.integers().between(1, 100));
  }

  @Provide
  Arbitrary<List<Op>> operations() {
    Arbitrary<Integer> index = Arbitraries.integers().between(0, 5);
    Arbitrary<Op> setWeights = Arbitraries.integers().between(0, 10).list().ofSize(6).map(SetWeights::new);
    Arbitrary<Op> drain = Combinators.combine(index, Arbitraries.of(DrainMode.class)).as(Drain::new);
    Arbitrary<Op> restore = index.map(Restore::new);
    Arbitrary<Op> shift = Combinators.combine(index, Arbitraries.integers().between(1, 100).set().ofMaxSize(3))
        .as((i, steps) -> new Shift(i, steps.stream().sorted().toList()));
    Arbitrary<Op> revert = Arbitraries.just(new Revert());
    Arbitrary<Op> probe = index.map(Probe::new);
    return Arbitraries.oneOf(setWeights, drain, restore, shift, revert, probe).list().ofMinSize(1).ofMaxSize(12);
  }

  @Property(tries = 1000)
  @Label("no accepted sequence leaves zero serving endpoints, or raises the weight or share of an endpoint that is not Online")
  void guardedSequencesStaySafe(@ForAll("endpoints") List<Generated> generated, @ForAll("operations") List<Op> ops,
      @ForAll("maxSteps") int maxStep) {
    // Given
    Map<String, MonitorStatus> hiddenHealth = new LinkedHashMap<>();
    List<EndpointState> list = new ArrayList<>();
    for (int i = 0; i < generated.size(); i++) {
      Generated g = generated.get(i);
      list.add(new EndpointState("s" + i, g.enabled(), g.weight(), g.monitor(), "s" + i + ".example.org"));
      hiddenHealth.put("s" + i, g.healthy() ? MonitorStatus.Online : MonitorStatus.Degraded);
    }
    TrafficState initial = TrafficFixtures.state(list.toArray(EndpointState[]::new));
    Run run = new Run(initial, hiddenHealth, new GuardrailPolicy(maxStep));

    // When
    for (Op op : ops) {
      run.perform(op);
    }

    // Then (the per-change assertions run inside Run.send)
    if (!initial.serving().isEmpty()) {
      assertThat(run.current.serving()).as("serving endpoints at the end").isNotEmpty();
    }
    Statistics.label("some change accepted").collect(run.accepted > 0);
    Statistics.label("some change refused").collect(run.refused > 0);
    Statistics.label("some change accepted").coverage(c -> c.check(true).percentage(p -> p > 30));
    Statistics.label("some change refused").coverage(c -> c.check(true).percentage(p -> p > 30));
  }

  /** Applies operations through plans and guardrails, as the step will. */
  static final class Run {
    final TrafficState initial;
    final Map<String, MonitorStatus> hiddenHealth;
    final GuardrailPolicy policy;
    TrafficState current;
    int accepted;
    int refused;

    Run(TrafficState initial, Map<String, MonitorStatus> hiddenHealth, GuardrailPolicy policy) {
      this.initial = initial;
      this.current = initial;
      this.hiddenHealth = hiddenHealth;
      this.policy = policy;
    }

    String name(int index) {
      return current.names().get(index % current.names().size());
    }

    void perform(Op op) {
      try {
        if (op instanceof SetWeights w) {
          setWeights(w.parts());
        } else if (op instanceof Drain d) {
          execute(StepPlan.drain(current, name(d.index()), d.mode()));
        } else if (op instanceof Restore r) {
          execute(StepPlan.restore(current, name(r.index()), initial.settings().get(name(r.index()))));
        } else if (op instanceof Shift s) {
          execute(StepPlan.shiftToward(current, name(s.index()), s.steps(), policy.maxStepPercent(), false));
        } else if (op instanceof Revert) {
          execute(StepPlan.revertTo(current, initial.settings()));
        } else if (op instanceof Probe p) {
          probe(name(p.index()));
        }
      } catch (InvalidInputException plannerRefused) {
        refused++; // e.g. a first step above the max step size: nothing is sent
      }
    }

    void setWeights(List<Integer> parts) {
      Map<String, Long> weights = new LinkedHashMap<>();
      for (int i = 0; i < current.names().size(); i++) {
        weights.put(current.names().get(i), (long) parts.get(i));
      }
      Map<String, Integer> percents = Weights.apportion(weights, 100);
      if (percents.values().stream().allMatch(p -> p == 0)) {
        return;
      }
      execute(StepPlan.setWeights(current, percents, WeightUnit.PERCENT));
    }

    void execute(StepPlan plan) {
      for (PlannedStep step : plan.steps()) {
        if (!send(step.toChange("prop", "plan"))) {
          return; // a refused step stops the plan, as the step would fail
        }
        if (step.kind() == PlannedStep.Kind.PROBE) {
          step.settings().keySet().forEach(this::probe); // the step waits for the monitor before going on
        }
      }
    }

    boolean send(TrafficChange change) {
      if (!Guardrails.check(current, change, policy).isEmpty()) {
        refused++;
        return false;
      }
      accepted++;
      TrafficState before = current;
      current = monitorsAfterToggle(before, before.with(change));
      assertNothingMovedOntoUnhealthy(before, current);
      if (!before.serving().isEmpty()) {
        assertThat(current.serving()).as("serving endpoints after %s on %s", change.desired(), before.endpoints()).isNotEmpty();
      }
      return true;
    }

    /** Traffic Manager stops probing a disabled endpoint and starts over with one that is enabled again. */
    TrafficState monitorsAfterToggle(TrafficState before, TrafficState after) {
      return after.withEndpoints(after.endpoints().stream().map(e -> {
        boolean was = before.endpoint(e.name()).orElseThrow().enabled();
        return was && !e.enabled() ? e.withMonitor(MonitorStatus.Disabled)
            : !was && e.enabled() ? e.withMonitor(MonitorStatus.CheckingEndpoint) : e;
      }).toList());
    }

    void probe(String name) {
      EndpointState e = current.endpoint(name).orElseThrow();
      if (e.enabled() && e.monitor() == MonitorStatus.CheckingEndpoint) {
        current = current.withEndpoints(current.endpoints().stream()
            .map(x -> x.name().equals(name) ? x.withMonitor(hiddenHealth.get(name)) : x).toList());
      }
    }

    static void assertNothingMovedOntoUnhealthy(TrafficState before, TrafficState after) {
      EffectiveShares was = EffectiveShares.of(before);
      EffectiveShares will = EffectiveShares.of(after);
      for (EndpointState b : before.endpoints()) {
        if (b.monitor().isOnline()) {
          continue;
        }
        EndpointState a = after.endpoint(b.name()).orElseThrow();
        if (b.enabled() && a.enabled()) {
          assertThat(a.weight()).as("weight of %s (%s)", b.name(), b.monitor()).isLessThanOrEqualTo(b.weight());
        }
        if (!b.enabled() && a.enabled()) {
          assertThat(a.weight()).as("weight %s is enabled with (%s)", b.name(), b.monitor()).isEqualTo(Weights.MIN_WEIGHT);
        }
        assertThat(will.of(b.name())).as("share of %s (%s)", b.name(), b.monitor()).isLessThanOrEqualTo(was.of(b.name()) + 1e-9);
      }
    }
  }

  @Property
  @Label("percent → weights → percent round-trips within 1 point")
  void percentRoundTrip(@ForAll @Size(min = 1, max = 6) List<@IntRange(min = 0, max = 100) Integer> parts) {
    // Given a percent split adding up to 100
    Map<String, Long> raw = new LinkedHashMap<>();
    for (int i = 0; i < parts.size(); i++) {
      raw.put("s" + i, (long) parts.get(i));
    }
    Map<String, Integer> percents = Weights.apportion(raw, 100);
    if (percents.values().stream().allMatch(p -> p == 0)) {
      percents = Map.of("s0", 100);
    }

    // When
    Map<String, Integer> back = Weights.configuredPercents(Weights.settingsForPercents(percents, Map.of()));

    // Then
    for (Map.Entry<String, Integer> p : percents.entrySet()) {
      assertThat(back.get(p.getKey())).as(p.getKey()).isBetween(p.getValue() - 1, p.getValue() + 1);
    }
  }

  @Property
  @Label("raw weights → percent add up to 100 and are each within 1 point of the exact share")
  void rawWeightsToPercent(@ForAll @Size(min = 1, max = 6) List<@IntRange(min = 1, max = 1000) Integer> weights) {
    // Given
    Map<String, EndpointSetting> settings = new LinkedHashMap<>();
    for (int i = 0; i < weights.size(); i++) {
      settings.put("s" + i, EndpointSetting.enabled(weights.get(i)));
    }
    double total = weights.stream().mapToInt(Integer::intValue).sum();

    // When
    Map<String, Integer> percents = Weights.configuredPercents(settings);

    // Then
    assertThat(percents.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(100);
    for (int i = 0; i < weights.size(); i++) {
      assertThat((double) percents.get("s" + i)).isCloseTo(100.0 * weights.get(i) / total, org.assertj.core.api.Assertions.within(1.0));
    }
  }
}
