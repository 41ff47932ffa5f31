package io.stamprelease.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.stamprelease.testkit.arm.IdentitySystem;
import io.stamprelease.testkit.arm.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The files `stamp sim` writes so that users (and the CLI's {@code --config}) can talk to the simulated
 * hubs: {@code hubs.yaml} (secrets only as file references), {@code ca.pem}, {@code <stamp>.kubeconfig} and
 * {@code secrets/*} — every file holding a credential is created with permissions 0600.
 */
public record SimConfigFiles(Path dir, Path hubsYaml, Path caPem) {

  static SimConfigFiles write(SimulatedCloud cloud, Path dir) {
    try {
      Files.createDirectories(dir.resolve("secrets"));
      Path ca = dir.resolve("ca.pem");
      Files.writeString(ca, cloud.ca().caPem());
      ObjectNode root = Json.object();
      root.put("caFile", "ca.pem");
      var hubs = root.putArray("hubs");
      for (SimulatedHub hub : cloud.hubs()) {
        Path kubeconfig = dir.resolve(hub.name() + ".kubeconfig");
        writeSecret(kubeconfig, hub.cluster().kubeconfig("default"));
        Path secret = dir.resolve("secrets").resolve(hub.name() + ".client-secret");
        writeSecret(secret, hub.clientSecret());
        ObjectNode h = hubs.addObject().put("name", hub.name()).put("armEndpoint", hub.arm().baseUrl() + "/")
            .put("location", hub.location())
            .put("identitySystem", hub.arm().tokens().system() == IdentitySystem.ADFS ? "adfs" : "azure_ad")
            .put("tenant", hub.arm().tokens().tenantId()).put("subscription", hub.arm().subscriptionId())
            .put("clientId", hub.clientId()).put("clientSecretFile", "secrets/" + hub.name() + ".client-secret")
            .put("caFile", "ca.pem");
        h.putObject("stamp").put("resourceGroup", SimulatedCloud.resourceGroupOf(hub))
            .put("dnsPrefix", SimulatedCloud.clusterOf(hub).dnsPrefix()).put("kubeconfigFile", hub.name() + ".kubeconfig")
            .put("ingressUrl", hub.ingress().url()).put("appHost", hub.appHost(SimulatedCloud.APP));
      }
      PublicRegion region = cloud.publicRegion();
      Path publicSecret = dir.resolve("secrets").resolve("public-azure.client-secret");
      writeSecret(publicSecret, region.clientSecret());
      ObjectNode p = root.putObject("publicAzure").put("armEndpoint", region.arm().baseUrl() + "/")
          .put("identitySystem", "azure_ad").put("tenant", region.arm().tokens().tenantId())
          .put("subscription", region.arm().subscriptionId()).put("clientId", region.clientId())
          .put("clientSecretFile", "secrets/public-azure.client-secret").put("caFile", "ca.pem");
      cloud.trafficProfileId().ifPresent(id -> p.putObject("trafficManager").put("profileId", id));
      Path gslbSecret = dir.resolve("secrets").resolve("f5-gtm.password");
      writeSecret(gslbSecret, cloud.gslbPassword());
      root.putObject("gslb").put("type", "f5-gtm").put("url", cloud.gslb().url()).put("username", SimulatedCloud.GSLB_USER)
          .put("passwordFile", "secrets/f5-gtm.password").put("pool", "/Common/" + SimulatedCloud.GSLB_POOL).put("caFile", "ca.pem");
      Path yaml = dir.resolve("hubs.yaml");
      ObjectMapper mapper = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
      Files.writeString(yaml, "# Simulated hubs written by `stamp sim`. Secrets are referenced as files, never inlined.\n"
          + mapper.writeValueAsString(root));
      return new SimConfigFiles(dir, yaml, ca);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the simulation's files to " + dir, e);
    }
  }

  /** Creates the file with 0600 before any byte of the secret is written. */
  private static void writeSecret(Path file, String content) throws IOException {
    Files.deleteIfExists(file);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, content);
  }
}
