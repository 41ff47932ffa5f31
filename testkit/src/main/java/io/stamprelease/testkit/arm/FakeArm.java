package io.stamprelease.testkit.arm;

import io.stamprelease.testkit.tls.TestCertificateAuthority.IssuedCertificate;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One fake ARM endpoint with its subscription: a hub's ({@link #hub}) or the public-Azure region's
 * ({@link #publicAzure}, to which the traffic package adds Traffic Manager).
 */
public final class FakeArm implements AutoCloseable {
  private final ArmServer server;
  private final ArmContext context;

  private FakeArm(ArmServer server, ArmContext context) {
    this.server = server;
    this.context = context;
  }

  /** A hub: metadata endpoint, identity (ADFS or Azure AD), resource groups, deployments, compute. */
  public static FakeArm hub(String name, String location, String fqdn, String subscriptionId, TokenService tokens,
      IssuedCertificate certificate, ArmTimings timings, ScheduledExecutorService scheduler, boolean whatIfSupported) {
    return create(name, location, fqdn, subscriptionId, tokens, certificate, timings, scheduler,
        ApiVersionPolicy.azureStackHub(location), whatIfSupported, "cloudapp." + fqdn);
  }

  /** The public-Azure region: resource groups and deployments at current api-versions. */
  public static FakeArm publicAzure(String location, String subscriptionId, TokenService tokens, IssuedCertificate certificate,
      ArmTimings timings, ScheduledExecutorService scheduler) {
    return create("public-azure", location, "azure.sim", subscriptionId, tokens, certificate, timings, scheduler,
        ApiVersionPolicy.publicAzure(location), true, "cloudapp.azure.com");
  }

  private static FakeArm create(String name, String location, String fqdn, String subscriptionId, TokenService tokens,
      IssuedCertificate certificate, ArmTimings timings, ScheduledExecutorService scheduler, ApiVersionPolicy policy,
      boolean whatIf, String cloudappSuffix) {
    ArmServer server = new ArmServer(name, certificate, tokens, policy);
    ArmContext context = new ArmContext(subscriptionId, location, scheduler, server.faults(), timings);
    context.bind(server.baseUrl());
    DeploymentsApi deployments = new DeploymentsApi(context, cloudappSuffix, whatIf);
    server.addRoutes(new MetadataApi(name, tokens, location, fqdn).routes());
    server.addRoutes(new ResourceGroupsApi(context).routes());
    server.addRoutes(deployments.routes());
    server.addRoutes(new ComputeApi(context).routes());
    server.addRoutes(context.lro().routes());
    return new FakeArm(server, context);
  }

  public void addRoutes(List<Route> routes) {
    server.addRoutes(routes);
  }

  public FakeArm start() {
    server.start();
    return this;
  }

  public String baseUrl() {
    return server.baseUrl();
  }

  public String subscriptionId() {
    return context.subscriptionId();
  }

  public String location() {
    return context.location();
  }

  public RequestJournal journal() {
    return server.journal();
  }

  public ArmFaults faults() {
    return server.faults();
  }

  /**
   * Which of the shapes the ARM contract allows this endpoint answers with (paging, LRO styles, Retry-After,
   * templateHash/tags echo, what-if); see {@link ArmContract}. Changes apply to the next request.
   */
  public ArmContract contract() {
    return context.contract();
  }

  public TokenService tokens() {
    return server.tokens();
  }

  /** The subscription's resources, for assertions ("no orphan NIC") and for the Traffic Manager fake. */
  public ResourceStore resources() {
    return context.store();
  }

  /** The subscription's Key Vaults, as far as deployments resolve Key Vault references from them. */
  public KeyVaults keyVaults() {
    return context.keyVaults();
  }

  public ArmTimings timings() {
    return context.timings();
  }

  public void timings(ArmTimings timings) {
    context.timings(timings);
  }

  public void hooks(ResourceHooks hooks) {
    context.hooks(hooks);
  }

  /** Creates a resource group directly (setting up a scenario, not an API call: nothing is journaled). */
  public void createResourceGroup(String name) {
    var group = Json.object().put("id", context.resourceGroupId(name)).put("name", name)
        .put("type", "Microsoft.Resources/resourceGroups").put("location", context.location());
    group.putObject("tags");
    group.putObject("properties").put("provisioningState", "Succeeded");
    context.store().put(context.resourceGroupId(name), group);
  }

  @Override
  public void close() {
    server.close();
  }
}
