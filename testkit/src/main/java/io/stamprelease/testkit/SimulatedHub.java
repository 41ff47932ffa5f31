package io.stamprelease.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Node;
import io.stamprelease.testkit.arm.AksEngineTemplates;
import io.stamprelease.testkit.arm.AksEngineTemplates.Cluster;
import io.stamprelease.testkit.arm.FakeArm;
import io.stamprelease.testkit.arm.IdentitySystem;
import io.stamprelease.testkit.arm.Json;
import io.stamprelease.testkit.arm.ResourceHooks;
import io.stamprelease.testkit.arm.TokenService;
import io.stamprelease.testkit.ingress.IngressServer;
import io.stamprelease.testkit.k8s.SimulatedCluster;
import io.stamprelease.testkit.kubelet.ClusterSimulator;
import io.stamprelease.testkit.kubelet.NodeSpec;
import io.stamprelease.testkit.tls.TestCertificateAuthority;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.TimeUnit;

/**
 * One simulated Azure Stack Hub hosting one stamp: its ARM endpoint (with ADFS or Azure AD identity and a
 * registered service principal), the stamp's Kubernetes cluster with its kubelet/controller simulator,
 * and the stamp's ingress. VMs that ARM creates from an AKS Engine deployment join the cluster as Ready
 * Nodes after the boot delay; deleted VMs leave their Node NotReady.
 */
public final class SimulatedHub implements AutoCloseable {
  public static final String FQDN = "azurestack.sim";
  /** The resource group of the vault where a pipeline keeps the clusters' secrets on every simulated hub. */
  public static final String PIPELINE_SECRETS_GROUP = "pipeline-secrets";

  private final String name;
  private final String location;
  private final String clientId;
  private final String clientSecret;
  private final FakeArm arm;
  private final SimulatedCluster cluster;
  private final ClusterSimulator simulator;
  private final IngressServer ingress;
  private final HubSettings settings;
  private final ScheduledExecutorService scheduler;
  private final TestCertificateAuthority ca;

  SimulatedHub(String name, IdentitySystem identity, TestCertificateAuthority ca, HubSettings settings, ScheduledExecutorService scheduler) {
    this.name = name;
    this.location = name;
    this.settings = settings;
    this.scheduler = scheduler;
    this.ca = ca;
    this.clientId = UUID.nameUUIDFromBytes(("sp-" + name).getBytes()).toString();
    this.clientSecret = "sim-" + UUID.randomUUID();
    String audience = identity == IdentitySystem.ADFS
        ? "https://management.adfs." + FQDN + "/" + UUID.nameUUIDFromBytes(name.getBytes())
        : "https://management." + name + "tenant.onmicrosoft.com/" + UUID.nameUUIDFromBytes(name.getBytes());
    TokenService tokens = new TokenService(identity, UUID.nameUUIDFromBytes(("tenant-" + name).getBytes()).toString(), audience);
    tokens.registerClientSecret(clientId, clientSecret);
    String subscription = UUID.nameUUIDFromBytes(("sub-" + name).getBytes()).toString();
    this.arm = FakeArm.hub(name, location, FQDN, subscription, tokens,
        ca.issueServer("management." + location + "." + FQDN, List.of("localhost", "management." + location + "." + FQDN), List.of("127.0.0.1")),
        settings.arm(), scheduler, false);
    this.cluster = SimulatedCluster.start(name);
    this.simulator = new ClusterSimulator(cluster.client(), settings.kubelet());
    this.ingress = new IngressServer(name, cluster.client());
    arm.hooks(new NodeLifecycle());
    seedPipelineVault();
    simulator.start();
    arm.start();
  }

  /**
   * The vault a pipeline fills before it deploys a cluster from Key Vault references ({@code samples/clusters/<stamp>/}):
   * {@code pipeline-secrets/<stamp>-pipeline}, enabled for template deployment, with a generated value for each secret
   * AKS Engine references ({@link AksEngineTemplates#KEY_VAULT_PARAMETERS}). The values never leave the simulation.
   */
  private void seedPipelineVault() {
    String vault = arm.keyVaults().createVault(PIPELINE_SECRETS_GROUP, pipelineVaultName(), true);
    for (String secret : AksEngineTemplates.KEY_VAULT_PARAMETERS) {
      arm.keyVaults().putSecret(vault, secret, "sim-" + UUID.randomUUID());
    }
  }

  /** {@code <stamp>-pipeline}: the name of this hub's pipeline vault (in {@link #PIPELINE_SECRETS_GROUP}). */
  public String pipelineVaultName() {
    return name + "-pipeline";
  }

  /** The ARM id of this hub's pipeline vault, as a parameters file's Key Vault reference names it. */
  public String pipelineVaultId() {
    return "/subscriptions/" + arm.subscriptionId() + "/resourceGroups/" + PIPELINE_SECRETS_GROUP + "/providers/Microsoft.KeyVault/vaults/"
        + pipelineVaultName();
  }

  /** A DNS-1123 subdomain: what the API server accepts as a Node name (Kubernetes "Object Names and IDs"). */
  private static final Pattern NODE_NAME =
      Pattern.compile("^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");

  /**
   * VM ↔ Node: what the kubelet on a booted VM does, and what a deleted VM leaves behind. The kubelet registers the
   * VM's host name lower-cased; a name the API server refuses as a Node name (not a DNS-1123 subdomain, e.g. with
   * {@code _} or {@code ..}) never registers, so no Node ever appears for that VM.
   */
  private final class NodeLifecycle implements ResourceHooks {
    @Override
    public void virtualMachineCreated(ObjectNode vm) {
      String vmName = vm.path("name").asText().toLowerCase(Locale.ROOT);
      if (!NODE_NAME.matcher(vmName).matches()) {
        return; // the kubelet's registration is refused: the node never joins
      }
      String pool = vm.at("/tags/poolName").asText("agentpool");
      String version = vm.at("/tags/orchestrator").asText("").replace("Kubernetes:", "");
      NodeSpec node = (pool.equals("master") ? NodeSpec.master(vmName) : NodeSpec.agent(vmName, pool))
          .withKubeletVersion(version.isEmpty() ? null : version);
      scheduler.schedule(() -> simulator.addNode(node), settings.nodeBootDelay().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void virtualMachineDeleted(ObjectNode vm) {
      simulator.setNodeReady(vm.path("name").asText().toLowerCase(Locale.ROOT), false);
    }
  }

  /**
   * Deploys an AKS Engine cluster through this hub's own ARM API (a real template deployment, as if
   * {@code akseDeploy} had run) and waits until all its nodes are Ready.
   */
  public void deployCluster(String resourceGroup, Cluster spec, Duration timeout) {
    arm.createResourceGroup(resourceGroup);
    ObjectNode body = AksEngineTemplates.deploymentBody(AksEngineTemplates.template(spec), AksEngineTemplates.parameters(spec), "Incremental");
    String path = "/subscriptions/" + arm.subscriptionId() + "/resourcegroups/" + resourceGroup
        + "/providers/Microsoft.Resources/deployments/" + spec.dnsPrefix() + "-bootstrap?api-version=2019-10-01";
    HttpClient http = HttpClient.newBuilder().sslContext(ca.clientContext()).connectTimeout(Duration.ofSeconds(5)).build();
    String token = arm.tokens().issue(clientId, 3600);
    try {
      HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(arm.baseUrl() + path)).header("Authorization", "Bearer " + token)
          .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
          HttpResponse.BodyHandlers.ofString());
      if (put.statusCode() / 100 != 2) {
        throw new IllegalStateException("bootstrap deployment on " + name + " refused: " + put.statusCode() + " " + put.body());
      }
      int expected = spec.masterCount() + spec.pools().values().stream().mapToInt(Integer::intValue).sum();
      awaitReadyNodes(expected, timeout);
    } catch (IOException e) {
      throw new IllegalStateException("bootstrap deployment on " + name + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while deploying the cluster of " + name, e);
    }
  }

  /**
   * Waits, on an informer's cache (never a blocking call inside a watch callback: that would stall the
   * client's event loop), until at least {@code expected} Nodes are Ready.
   */
  public void awaitReadyNodes(int expected, Duration timeout) throws InterruptedException {
    CompletableFuture<Void> done = new CompletableFuture<>();
    AtomicReference<SharedIndexInformer<Node>> informer = new AtomicReference<>();
    var check = new ResourceEventHandler<Node>() {
      void evaluate() {
        SharedIndexInformer<Node> inf = informer.get();
        if (inf != null && inf.getStore().list().stream().filter(SimulatedHub::isReady).count() >= expected) {
          done.complete(null);
        }
      }

      @Override
      public void onAdd(Node node) {
        evaluate();
      }

      @Override
      public void onUpdate(Node before, Node after) {
        evaluate();
      }

      @Override
      public void onDelete(Node node, boolean unknownFinalState) {
        evaluate();
      }
    };
    try (SharedIndexInformer<Node> inf = cluster.client().nodes().inform(check, 0)) {
      informer.set(inf);
      check.evaluate();
      done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(name + ": only " + readyNodes() + "/" + expected + " nodes Ready after " + timeout);
    }
  }

  /** Number of Nodes whose Ready condition is True. */
  public long readyNodes() {
    return cluster.client().nodes().list().getItems().stream().filter(SimulatedHub::isReady).count();
  }

  static boolean isReady(Node node) {
    return node.getStatus() != null && node.getStatus().getConditions() != null
        && node.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** The public host name of the stamp's application ({@code <app>.apps.<location>.azurestack.sim}). */
  public String appHost(String app) {
    return app + ".apps." + location + "." + FQDN;
  }

  boolean servesHost(String host) {
    return host.toLowerCase().endsWith(".apps." + location + "." + FQDN);
  }

  public String name() {
    return name;
  }

  public String location() {
    return location;
  }

  public FakeArm arm() {
    return arm;
  }

  public SimulatedCluster cluster() {
    return cluster;
  }

  public ClusterSimulator simulator() {
    return simulator;
  }

  public IngressServer ingress() {
    return ingress;
  }

  public String clientId() {
    return clientId;
  }

  /** The service principal's secret; only ever written to 0600 files by {@link SimulatedCloud#writeConfig}. */
  public String clientSecret() {
    return clientSecret;
  }

  /** Resources of one type in a resource group (for assertions). */
  public List<JsonNode> resources(String resourceGroup, String type) {
    return List.copyOf(arm.resources().list("/subscriptions/" + arm.subscriptionId() + "/resourceGroups/" + resourceGroup, type));
  }

  @Override
  public void close() {
    arm.close();
    ingress.close();
    simulator.close();
    cluster.close();
  }
}
