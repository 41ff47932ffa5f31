package io.stamprelease.testkit;

import io.stamprelease.testkit.arm.AksEngineTemplates.Cluster;
import io.stamprelease.testkit.gslb.F5GtmServer;
import io.stamprelease.testkit.tls.TestCertificateAuthority;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * N simulated Azure Stack Hubs (one stamp each) and one simulated public-Azure region, all on 127.0.0.1 and
 * in-process, sharing one private CA. The ground truth of every test: see docs/architecture.md.
 */
public final class SimulatedCloud implements AutoCloseable {
  /** Stamp names: real-looking region names, so plans and weights read naturally ({@code seattle=90,denver=10}). */
  public static final List<String> STAMP_NAMES = List.of("seattle", "denver", "austin", "boston", "chicago", "dallas", "phoenix",
      "portland", "atlanta", "miami", "detroit", "raleigh");
  public static final String APP = "app";
  public static final String TRAFFIC_RESOURCE_GROUP = "global-traffic";
  public static final String TRAFFIC_PROFILE = "stamp-release-app";
  public static final String GSLB_POOL = "stamp-release-app";
  public static final String GSLB_USER = "stamp-release";

  private final TestCertificateAuthority ca = TestCertificateAuthority.create("Stamp Release simulated enterprise CA");
  private final ScheduledExecutorService scheduler;
  private final List<SimulatedHub> hubs = new ArrayList<>();
  private PublicRegion publicRegion;
  private F5GtmServer gslb;
  private final String gslbPassword = "sim-" + UUID.randomUUID();
  private final HubSettings settings;
  private volatile String trafficProfileId;

  private SimulatedCloud(int hubCount, HubSettings settings, Consumer<String> progress) {
    if (hubCount < 1 || hubCount > STAMP_NAMES.size()) {
      throw new IllegalArgumentException("hubs must be between 1 and " + STAMP_NAMES.size() + ", was " + hubCount);
    }
    this.settings = settings;
    this.scheduler = Executors.newScheduledThreadPool(4, r -> {
      Thread t = new Thread(r, "simulated-cloud");
      t.setDaemon(true);
      return t;
    });
    // hubs start in parallel: each one's first start-up (TLS keys, mock API server, informers) dominates
    List<CompletableFuture<SimulatedHub>> starting = IntStream.range(0, hubCount).mapToObj(i -> CompletableFuture.supplyAsync(() -> {
      progress.accept("starting hub " + STAMP_NAMES.get(i));
      return new SimulatedHub(STAMP_NAMES.get(i), HubSettings.identityOf(i), ca, settings, scheduler);
    })).toList();
    RuntimeException failure = null;
    for (CompletableFuture<SimulatedHub> hub : starting) {
      try {
        hubs.add(hub.join());
      } catch (CompletionException e) {
        failure = failure == null ? new IllegalStateException("a simulated hub failed to start", e.getCause()) : failure;
      }
    }
    try {
      if (failure != null) {
        throw failure;
      }
      publicRegion = new PublicRegion(ca, settings, scheduler, this::probe);
      gslb = new F5GtmServer(ca.issueServer("bigip-dns.sim", List.of("localhost", "bigip-dns.sim"), List.of("127.0.0.1")),
          GSLB_USER, gslbPassword, this::probe, scheduler, settings.probePeriod());
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Starts empty hubs: no cluster deployed yet, no Traffic Manager profile. */
  public static SimulatedCloud startBare(int hubs, HubSettings settings) {
    return new SimulatedCloud(hubs, settings, s -> { });
  }

  /**
   * Starts hubs each with an AKS Engine cluster (3 masters, 3 agents) deployed through a real template
   * deployment, and a weighted Traffic Manager profile with one external endpoint per stamp.
   */
  public static SimulatedCloud startWithClusters(int hubs, HubSettings settings, Consumer<String> progress) {
    SimulatedCloud cloud = new SimulatedCloud(hubs, settings, progress);
    try {
      cloud.hubs.parallelStream().forEach(hub -> {
        progress.accept("deploying the AKS Engine cluster of " + hub.name());
        hub.deployCluster(resourceGroupOf(hub), clusterOf(hub), Duration.ofSeconds(60));
      });
      cloud.createTrafficRouting(true);
      return cloud;
    } catch (RuntimeException e) {
      cloud.close();
      throw e;
    }
  }

  /**
   * The global routing a platform team sets up once: the weighted Traffic Manager profile with one external endpoint per
   * stamp, and the on-prem GSLB's pool. {@code enabled = false} leaves the Traffic Manager endpoints Disabled: stamps
   * that do not serve yet (bare hubs) are out of rotation until a release restores them. Returns the profile's id.
   */
  public String createTrafficRouting(boolean enabled) {
    trafficProfileId = publicRegion.createWeightedProfile(TRAFFIC_RESOURCE_GROUP, TRAFFIC_PROFILE, hubs, APP, "/healthz", 30, enabled);
    Map<String, String> members = new LinkedHashMap<>();
    hubs.forEach(h -> members.put(gslbMemberOf(h), h.appHost(APP)));
    gslb.createPool(GSLB_POOL, "/healthz", 30, members);
    return trafficProfileId;
  }

  /** The on-prem GSLB's pool member of a stamp: {@code <stamp>-server:<stamp>-vs} (GTM server : virtual server). */
  public static String gslbMemberOf(SimulatedHub hub) {
    return hub.name() + "-server:" + hub.name() + "-vs";
  }

  /** The resource group holding a stamp's cluster. */
  public static String resourceGroupOf(SimulatedHub hub) {
    return "stamp-" + hub.name();
  }

  /** The cluster every hub starts with: dnsPrefix = stamp name, 3 masters, one pool of 3 agents. */
  public static Cluster clusterOf(SimulatedHub hub) {
    return Cluster.of(hub.name(), String.valueOf(10_000_000 + Math.floorMod(hub.name().hashCode(), 89_999_999)), 3, Map.of("agentpool1", 3));
  }

  /** Traffic Manager's probe: the target host resolves to the stamp whose ingress serves it. */
  private int probe(String host, String path) {
    return hubs.stream().filter(h -> h.servesHost(host)).findFirst().map(h -> h.ingress().answer(host, path).status()).orElse(0);
  }

  public List<SimulatedHub> hubs() {
    return List.copyOf(hubs);
  }

  public SimulatedHub hub(String name) {
    return hubs.stream().filter(h -> h.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no hub named '" + name + "'"));
  }

  public PublicRegion publicRegion() {
    return publicRegion;
  }

  /** The simulated F5 BIG-IP DNS (GTM) for disconnected sites; pool {@link #GSLB_POOL} exists when clusters were deployed. */
  public F5GtmServer gslb() {
    return gslb;
  }

  /** Its admin password (written only to a 0600 file by {@link #writeConfig}). */
  public String gslbPassword() {
    return gslbPassword;
  }

  public TestCertificateAuthority ca() {
    return ca;
  }

  public HubSettings settings() {
    return settings;
  }

  public Optional<String> trafficProfileId() {
    return Optional.ofNullable(trafficProfileId);
  }

  /** Writes hubs.yaml, ca.pem, one kubeconfig per stamp and the secret files (0600) into {@code dir}. */
  public SimConfigFiles writeConfig(Path dir) {
    return SimConfigFiles.write(this, dir);
  }

  @Override
  public void close() {
    hubs.forEach(h -> {
      try {
        h.close();
      } catch (RuntimeException e) {
        // keep closing the others
      }
    });
    if (publicRegion != null) {
      publicRegion.close();
    }
    if (gslb != null) {
      gslb.close();
    }
    scheduler.shutdownNow();
  }
}
