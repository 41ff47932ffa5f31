package io.stamprelease.cli.bench;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.UpgradeCommand;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stamprelease.cli.release.DemoCommand;
import io.stamprelease.core.clients.helm.HelmProcessEnvironment;
import io.stamprelease.core.engine.Engine;
import io.stamprelease.core.engine.Outcome;
import io.stamprelease.core.engine.ProgressEvent;
import io.stamprelease.core.engine.Step;
import io.stamprelease.core.steps.helmrollout.HelmRollout;
import io.stamprelease.core.steps.helmrollout.HelmRolloutInput;
import io.stamprelease.core.steps.helmrollout.HelmRolloutRequest;
import io.stamprelease.core.steps.helmrollout.HelmRolloutState;
import io.stamprelease.testkit.HubSettings;
import io.stamprelease.testkit.SimulatedCloud;
import io.stamprelease.testkit.SimulatedHub;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * helmRollout against helm-java's {@code upgrade().waitReady()} on one simulated stamp, side by side in one run.
 *
 * <p>P1, failure detection: an upgrade to a crashing image; from the first {@code CrashLoopBackOff} to the moment
 * rollback starts (ours: the {@code track} task reports the revision failed, and the next task is the rollback;
 * Helm: {@code upgrade().atomic().waitReady()} returning, with its default timeout unless {@code --helm-timeout}).
 * P2, success detection: from the last new pod turning Ready to the step reporting success (ours) or
 * {@code upgrade().waitReady()} returning (Helm), p50/p95 over {@code --runs} upgrades each.
 *
 * <p>The simulator's timestamps (conditions, events) have second precision, so the benchmark keeps its own fabric8
 * watches (pods, Helm's release Secrets) and stamps what they see with {@link System#nanoTime()}; the step's
 * moments come from its {@link ProgressEvent}s, stamped the same way when they arrive.
 */
@Command(name = "rollout", mixinStandardHelpOptions = true,
    description = {"Failure and success detection of helmRollout vs helm-java upgrade().atomic().waitReady(), against a simulated hub.",
        "P1: first CrashLoopBackOff -> rollback starts (target: ours <= 1 s and helm/ours >= 100x).",
        "P2: last pod Ready -> success reported, p50/p95 over --runs upgrades (target: ours p95 <= 250 ms).",
        "With Helm's default timeout one P1 Helm run takes 5 minutes; --helm-timeout shortens it."})
public final class RolloutBench implements Callable<Integer> {
  /** samples/charts/demo as cli/pom.xml packs it into stamp.jar (the chart `stamp demo` releases too). */
  static final String RELEASE = "web";
  static final Duration P1_OURS_TARGET = Duration.ofSeconds(1);
  static final double P1_RATIO_TARGET = 100;
  static final Duration P2_P95_TARGET = Duration.ofMillis(250);
  static final int MIN_RUNS = 20;
  /** helm-java sends timeout 0 unless told, and Helm then uses its own default (FACTS: 300 s). */
  static final int HELM_DEFAULT_TIMEOUT_SECONDS = 300;

  @Spec
  CommandSpec spec;

  @Option(names = "--runs", defaultValue = "20", description = "P2 upgrades per contender (default: ${DEFAULT-VALUE}; the target is judged on at least 20).")
  int runs;

  @Option(names = "--warmup", defaultValue = "1", description = "P2 upgrades per contender before the measured ones, not counted (JIT, "
      + "first informer and Helm calls; default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--helm-timeout", paramLabel = "SECONDS",
      description = "Give helm-java this --timeout in P1 instead of its default (300 s): a quicker run, but not the real default.")
  Integer helmTimeout;

  @Option(names = "--ready-after", defaultValue = "1s", paramLabel = "DURATION",
      description = "P2: each new pod turns Ready this long after it starts (simulator behaviour slow:<d>; default: ${DEFAULT-VALUE}).")
  String readyAfter;

  @Option(names = "--replicas", defaultValue = "3", description = "Replicas of the web Deployment (default: ${DEFAULT-VALUE}).")
  int replicas;

  private PrintWriter out;
  private KubernetesClient client;
  private String kubeconfig;
  private Path kubeconfigFile;
  private Path chart;
  private String stamp;

  @Override
  public Integer call() throws Exception {
    out = spec.commandLine().getOut();
    if (runs < 1 || replicas < 1 || warmup < 0 || (helmTimeout != null && helmTimeout < 1)) {
      spec.commandLine().getErr().println("error: --runs, --replicas and --helm-timeout must be 1 or more, --warmup 0 or more");
      return 2;
    }
    Path home = HelmProcessEnvironment.prepare(); // before the first Helm call; a private directory of this run (deleted at exit)
    Path work = Files.createTempDirectory(home, "bench-rollout-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    chart = work.resolve("demo");
    DemoCommand.extractChart(chart);
    int helmSeconds = helmTimeout == null ? HELM_DEFAULT_TIMEOUT_SECONDS : helmTimeout;
    try (SimulatedCloud cloud = SimulatedCloud.startWithClusters(1, HubSettings.fast(), s -> { })) {
      SimulatedHub hub = cloud.hubs().get(0);
      stamp = hub.name();
      client = hub.cluster().client();
      kubeconfig = hub.cluster().kubeconfig("default");
      kubeconfigFile = Files.createFile(work.resolve("kubeconfig"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(kubeconfigFile, kubeconfig);
      out.printf("stamp bench rollout: chart demo (Deployment web, %d replicas) on simulated stamp %s (fast kubelet: CrashLoopBackOff back-off 300 ms)%n",
          replicas, stamp);
      out.flush();

      // P2 first: it is the quick part
      List<Duration> oursP2 = new ArrayList<>();
      List<Duration> helmP2 = new ArrayList<>();
      installBoth("p2-ours", "p2-helm");
      for (int i = 1; i <= warmup; i++) {
        String[] set = {"web.image.tag=1.0.0-warmup." + i, "behavior=slow:" + readyAfter, "replicas=" + replicas};
        Duration o = oursSuccess("p2-ours", set);
        Duration h = helmSuccess("p2-helm", set);
        out.printf("  P2 warm-up %d/%d (not counted): ours %s, helm %s%n", i, warmup, BenchStats.human(o), BenchStats.human(h));
      }
      for (int i = 1; i <= runs; i++) {
        String[] set = {"web.image.tag=1.1." + i, "behavior=slow:" + readyAfter, "replicas=" + replicas};
        oursP2.add(oursSuccess("p2-ours", set));
        helmP2.add(helmSuccess("p2-helm", set));
        out.printf("  P2 run %2d/%d: ours %s, helm %s%n", i, runs, BenchStats.human(oursP2.get(i - 1)), BenchStats.human(helmP2.get(i - 1)));
        out.flush();
      }

      // P1: one crashing upgrade each
      installBoth("p1-ours", "p1-helm");
      P1 ours = oursFailure("p1-ours");
      out.printf("  P1 ours: rollback started %s after the first CrashLoopBackOff%n", BenchStats.human(ours.toRollback()));
      out.printf("  P1 helm: waiting for helm-java's timeout (%d s%s)...%n", helmSeconds, helmTimeout == null ? ", its default" : "");
      out.flush();
      P1 helm = helmFailure("p1-helm", helmSeconds);
      return report(ours, helm, helmSeconds, oursP2, helmP2);
    }
  }

  /** Both figures of one P1 contender, from its first CrashLoopBackOff. */
  record P1(Duration toRollback, Duration toMarkedFailed, String how) {
  }

  private int report(P1 ours, P1 helm, int helmSeconds, List<Duration> oursP2, List<Duration> helmP2) {
    out.println();
    out.println("P1  failure detection: first CrashLoopBackOff -> rollback starts");
    out.printf("    %-66s %12s %22s%n", "contender", "to rollback", "release marked failed");
    out.printf("    %-66s %12s %22s%n", "ours: helmRollout (informers, fail fast)", BenchStats.human(ours.toRollback()),
        BenchStats.human(ours.toMarkedFailed()));
    out.printf("    %-66s %12s %22s%n", "helm-java upgrade().atomic().waitReady(), timeout " + helmSeconds + " s"
        + (helmTimeout == null ? " (default)" : " (--helm-timeout)"), BenchStats.human(helm.toRollback()), BenchStats.human(helm.toMarkedFailed()));
    out.printf("    Helm's figure is the call returning (it rolled back inside the call: %s)%n", helm.how());
    double ratio = BenchStats.ratio(helm.toRollback(), ours.toRollback());
    boolean p1Ours = ours.toRollback().compareTo(P1_OURS_TARGET) <= 0;
    boolean p1Ratio = ratio >= P1_RATIO_TARGET;
    out.printf("    ratio helm/ours %.0fx   target >= %.0fx: %s;   ours %s   target <= %s: %s%n", ratio, P1_RATIO_TARGET, p1Ratio ? "met" : "MISSED",
        BenchStats.human(ours.toRollback()), BenchStats.human(P1_OURS_TARGET), p1Ours ? "met" : "MISSED");
    if (helmTimeout != null) {
      out.println("    (helm-java ran with --helm-timeout " + helmTimeout + " s, not its default " + HELM_DEFAULT_TIMEOUT_SECONDS + " s)");
    }
    out.println();
    out.printf("P2  success detection: last new pod Ready -> success reported, %d upgrades each after %d warm-up (pods Ready %s after start)%n",
        oursP2.size(), warmup, readyAfter);
    out.printf("    %-66s %10s %10s %10s%n", "contender", "p50", "p95", "max");
    out.printf("    %-66s %10s %10s %10s%n", "ours: helmRollout", BenchStats.human(BenchStats.percentile(oursP2, 50)),
        BenchStats.human(BenchStats.percentile(oursP2, 95)), BenchStats.human(BenchStats.max(oursP2)));
    out.printf("    %-66s %10s %10s %10s%n", "helm-java upgrade().waitReady()", BenchStats.human(BenchStats.percentile(helmP2, 50)),
        BenchStats.human(BenchStats.percentile(helmP2, 95)), BenchStats.human(BenchStats.max(helmP2)));
    Duration p95 = BenchStats.percentile(oursP2, 95);
    boolean enoughRuns = oursP2.size() >= MIN_RUNS;
    boolean p2 = enoughRuns && p95.compareTo(P2_P95_TARGET) <= 0;
    out.printf("    ours p95 %s   target <= %s over >= %d runs: %s%n", BenchStats.human(p95), BenchStats.human(P2_P95_TARGET), MIN_RUNS,
        !enoughRuns ? "NOT JUDGED (only " + oursP2.size() + " runs)" : p2 ? "met" : "MISSED");
    out.println();
    boolean all = p1Ours && p1Ratio && p2;
    out.println("verdict: " + (all ? "all targets met" : "target(s) missed or not judged"));
    out.flush();
    return all ? 0 : 1;
  }

  // ---- the contenders ------------------------------------------------------------------------------------------

  private void installBoth(String oursNs, String helmNs) throws Exception {
    Outcome<HelmRolloutState> o = runOurs(request(oursNs, "replicas=" + replicas), e -> { });
    if (!o.succeeded()) {
      throw new IllegalStateException("the first install in " + oursNs + " did not succeed: " + o.message());
    }
    helm(helmNs, 120, false, "replicas=" + replicas).call();
  }

  private HelmRolloutRequest request(String namespace, String... set) {
    return new HelmRolloutInput().kubeconfigContents(kubeconfig).release(RELEASE).namespace(namespace).chart(chart.toString())
        .createNamespace(true).set(List.of(set)).timeout(HELM_DEFAULT_TIMEOUT_SECONDS + "s").validate();
  }

  private Outcome<HelmRolloutState> runOurs(HelmRolloutRequest request, Consumer<ProgressEvent> listener) {
    try (HelmRollout rollout = new HelmRollout(request)) {
      Engine engine = Engine.system(listener::accept);
      Step<HelmRolloutState> step = rollout.step();
      return engine.run(step, engine.start(step, rollout.initialState()), stamp, new Engine.Cancellation());
    }
  }

  /** helm-java's upgrade --install of the chart, waiting; helm-java ignores kubeconfig contents on upgrade (#252): a file. */
  private Callable<Object> helm(String namespace, Integer timeoutSeconds, boolean atomic, String... set) {
    return () -> {
      UpgradeCommand cmd = new Helm(chart).upgrade().install().createNamespace().withName(RELEASE).withNamespace(namespace)
          .withKubeConfig(kubeconfigFile).waitReady();
      if (atomic) {
        cmd.atomic();
      }
      if (timeoutSeconds != null) {
        cmd.withTimeout(timeoutSeconds);
      }
      for (String pair : set) {
        int eq = pair.indexOf('=');
        cmd.set(pair.substring(0, eq), pair.substring(eq + 1));
      }
      return cmd.call();
    };
  }

  private Duration oursSuccess(String namespace, String... set) {
    String image = imageOf(set);
    try (PodWatch pods = new PodWatch(client, namespace)) {
      AtomicLong success = new AtomicLong();
      Outcome<HelmRolloutState> o = runOurs(request(namespace, set), e -> {
        if (e.phase().equals("smoke") && e.message().endsWith(" rolled out")) { // the last task's closing line
          success.compareAndSet(0, System.nanoTime());
        }
      });
      if (!o.succeeded() || success.get() == 0) {
        throw new IllegalStateException("P2 rollout in " + namespace + " did not succeed: " + o.message());
      }
      return Duration.ofNanos(success.get() - pods.lastReady(image, success.get(), replicas));
    }
  }

  private Duration helmSuccess(String namespace, String... set) throws Exception {
    String image = imageOf(set);
    try (PodWatch pods = new PodWatch(client, namespace)) {
      // no timeout given: helm-java's default, as in P1 (the pods are Ready within seconds)
      callWithin(helm(namespace, null, false, set), Duration.ofSeconds(HELM_DEFAULT_TIMEOUT_SECONDS + 60));
      long done = System.nanoTime();
      return Duration.ofNanos(done - pods.lastReady(image, done, replicas));
    }
  }

  private P1 oursFailure(String namespace) {
    try (PodWatch pods = new PodWatch(client, namespace); FailedMark failed = new FailedMark(client, namespace, RELEASE)) {
      AtomicLong rollback = new AtomicLong();
      Outcome<HelmRolloutState> o = runOurs(request(namespace, "replicas=" + replicas, "web.image.tag=crash-2.0.0"), e -> {
        // the track task reporting the revision failed ends it; the next task that does anything is the rollback
        if (e.phase().equals("track") && e.message().contains(" failed: ")) {
          rollback.compareAndSet(0, System.nanoTime());
        }
      });
      if (o.state().phase() != HelmRolloutState.Phase.ROLLED_BACK || rollback.get() == 0) {
        throw new IllegalStateException("P1: the crashing upgrade in " + namespace + " was not rolled back: " + o.message());
      }
      long crash = pods.firstCrashLoop();
      return new P1(Duration.ofNanos(rollback.get() - crash), Duration.ofNanos(failed.at() - crash), o.message());
    }
  }

  private P1 helmFailure(String namespace, int helmSeconds) throws Exception {
    try (PodWatch pods = new PodWatch(client, namespace); FailedMark failed = new FailedMark(client, namespace, RELEASE)) {
      String how;
      try {
        callWithin(helm(namespace, helmTimeout, true, "replicas=" + replicas, "web.image.tag=crash-2.0.0"), Duration.ofSeconds(helmSeconds + 120L));
        how = "it returned without an error";
      } catch (IllegalStateException e) {
        how = firstLine(e.getMessage());
      }
      long done = System.nanoTime();
      long crash = pods.firstCrashLoop();
      return new P1(Duration.ofNanos(done - crash), Duration.ofNanos(failed.at() - crash), how);
    }
  }

  /** A native Helm call can block for ever: on a daemon thread, waited for at most {@code limit}. Helm's errors are rethrown. */
  private static void callWithin(Callable<Object> call, Duration limit) throws Exception {
    ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "bench-helm");
      t.setDaemon(true);
      return t;
    });
    try {
      Future<Object> f = executor.submit(call);
      try {
        f.get(limit.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof IllegalStateException ise) {
          throw ise;
        }
        throw e;
      } catch (TimeoutException e) {
        throw new IllegalStateException("helm-java did not return within " + limit.toSeconds() + " s");
      }
    } finally {
      executor.shutdownNow();
    }
  }

  private static String imageOf(String... set) {
    for (String pair : set) {
      if (pair.startsWith("web.image.tag=")) {
        return "registry.local/demo-web:" + pair.substring("web.image.tag=".length());
      }
    }
    throw new IllegalArgumentException("no web.image.tag");
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.strip().lines().findFirst().orElse("");
  }

}
