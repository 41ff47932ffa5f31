package io.stamprelease.plugin.jenkins;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stamprelease.core.clients.hub.HubSpec;
import io.stamprelease.core.clients.hub.HubsFile;
import io.stamprelease.plugin.hubs.HubEntry;
import io.stamprelease.plugin.hubs.StampReleaseHubs;
import io.stamprelease.testkit.HubSettings;
import io.stamprelease.testkit.SimulatedCloud;
import io.stamprelease.testkit.arm.AksEngineTemplates.Cluster;
import io.stamprelease.testkit.arm.AksEngineTemplates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** One simulated cloud for a test class, and what a Jenkins admin would configure for it. */
final class SimulatedHubs implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final AtomicInteger clusters = new AtomicInteger();
  final SimulatedCloud cloud;
  final HubsFile hubs;
  final Path dir;

  SimulatedHubs(Path dir) {
    this.dir = dir;
    this.cloud = SimulatedCloud.startBare(1, HubSettings.fast());
    this.hubs = HubsFile.load(cloud.writeConfig(dir).hubsYaml(), Map.of());
  }

  /** Global configuration + a username/password credential (application id / secret) for the simulated hub. */
  void configure(String hub) throws Exception {
    HubSpec spec = hubs.hub(hub);
    SystemCredentialsProvider.getInstance().getCredentials().add(new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, "sp-" + hub,
        "service principal of " + hub, spec.clientId(), spec.clientSecret().read(io.stamprelease.core.clients.hub.HubSpec.Field.CLIENT_SECRET)));
    SystemCredentialsProvider.getInstance().save();
    HubEntry entry = new HubEntry(hub, spec.armEndpoint().toString(), spec.identitySystem().name().toLowerCase(), spec.subscription(), "sp-" + hub);
    entry.setTenant(spec.tenant());
    entry.setCaCertificate(Files.readString(spec.caFile()));
    StampReleaseHubs.get().setHubs(List.of(entry));
  }

  String secret(String hub) {
    return hubs.hub(hub).clientSecret().read(io.stamprelease.core.clients.hub.HubSpec.Field.CLIENT_SECRET);
  }

  /** aks-engine's output for a fresh 1-master, 2-agent cluster; returns its directory. */
  Path clusterFiles() throws Exception {
    int n = clusters.incrementAndGet();
    Cluster cluster = Cluster.of("jenkins" + n, String.valueOf(60_000_000 + n), 1, Map.of("agentpool1", 2));
    Path out = Files.createDirectories(dir.resolve("cluster" + n));
    Files.writeString(out.resolve("azuredeploy.json"), JSON.writeValueAsString(AksEngineTemplates.template(cluster)));
    Files.writeString(out.resolve("azuredeploy.parameters.json"), JSON.writeValueAsString(AksEngineTemplates.parametersFile(cluster)));
    return out;
  }

  /** A pipeline that deploys the cluster in {@code files} on the hub's agent and echoes the result. */
  String deployScript(String hub, Path files, String extra) {
    return "node('hub-" + hub + "') {\n"
        + "  def r = akseDeploy hub: '" + hub + "', resourceGroup: 'rg-" + files.getFileName() + "', location: '" + hub + "',\n"
        + "    template: '" + files.resolve("azuredeploy.json") + "', parameters: '" + files.resolve("azuredeploy.parameters.json") + "',\n"
        + "    kubeconfig: '" + dir.resolve(hub + ".kubeconfig") + "', timeout: '3m', pollInterval: '200ms'\n"
        + extra
        + "  echo \"result=${r.result} ready=${r.readyNodes}/${r.expectedNodes} name=${r.deploymentName}\"\n"
        + "}\n";
  }

  long deploymentPuts(String hub) {
    return cloud.hub(hub).arm().journal().count(e -> e.method().equals("PUT") && e.path().contains("/deployments/"));
  }

  @Override
  public void close() {
    cloud.close();
  }
}
