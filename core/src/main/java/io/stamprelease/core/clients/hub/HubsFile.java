package io.stamprelease.core.clients.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.stamprelease.core.input.InputField;
import io.stamprelease.core.input.InvalidInputException;
import io.stamprelease.core.input.Problems;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code hubs.yaml} (the format {@code stamp sim} writes): hubs by name, the public-Azure region and the
 * stamps' clusters. Relative file references resolve against the file's folder. Every problem of every
 * hub is reported at once.
 */
public record HubsFile(Path file, Map<String, HubSpec> hubs, Optional<HubSpec> publicAzure, Map<String, StampCluster> stamps,
    Optional<String> trafficManagerProfileId, Optional<GslbSpec> gslb) {

  /** The inputs that name a hubs file and a hub in it (the CLI's {@code --config} and {@code --hub}). */
  public enum Field implements InputField {
    CONFIG("config"), HUB("hub");

    private final String key;

    Field(String key) {
      this.key = key;
    }

    @Override
    public String key() {
      return key;
    }
  }

  /** Where a hub's stamp lives: its resource group, cluster DNS prefix and kubeconfig. */
  public record StampCluster(String resourceGroup, String dnsPrefix, Path kubeconfig, String ingressUrl, String appHost) {
  }

  public static HubsFile load(Path file, Map<String, String> environment) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
    } catch (IOException e) {
      throw InvalidInputException.of("hubs file", Field.CONFIG, "cannot read hubs file '" + file + "': "
          + e.getMessage().lines().findFirst().orElse(""));
    }
    if (root == null || !root.path("hubs").isArray()) {
      throw InvalidInputException.of("hubs file", Field.CONFIG, "'" + file + "' has no 'hubs:' list");
    }
    Path dir = file.toAbsolutePath().getParent();
    Problems problems = new Problems("hubs file " + file);
    Problems inFile = problems.within(Field.CONFIG, "");
    Map<String, HubSpec> hubs = new LinkedHashMap<>();
    Map<String, StampCluster> stamps = new LinkedHashMap<>();
    int i = 0;
    for (JsonNode h : root.path("hubs")) {
      HubSpec spec = spec(h, dir, root.path("caFile").asText(null), environment, inFile.within(Field.CONFIG, "hubs[" + i++ + "]."), false);
      if (spec != null) {
        if (hubs.put(spec.name(), spec) != null) {
          inFile.addAt(Field.CONFIG, "hubs", "hub '" + spec.name() + "' is listed twice");
        }
        JsonNode s = h.path("stamp");
        if (s.isObject()) {
          stamps.put(spec.name(), new StampCluster(s.path("resourceGroup").asText(null), s.path("dnsPrefix").asText(null),
              s.hasNonNull("kubeconfigFile") ? dir.resolve(s.get("kubeconfigFile").asText()) : null,
              s.path("ingressUrl").asText(null), s.path("appHost").asText(null)));
        }
      }
    }
    Optional<HubSpec> publicAzure = Optional.empty();
    if (root.path("publicAzure").isObject()) {
      ObjectNodeWithName named = new ObjectNodeWithName(root.get("publicAzure"));
      publicAzure = Optional.ofNullable(spec(named.withName("public-azure"), dir, root.path("caFile").asText(null), environment,
          inFile.within(Field.CONFIG, "publicAzure."), true));
    }
    Optional<GslbSpec> gslb = Optional.empty();
    if (root.path("gslb").isObject()) {
      gslb = Optional.of(gslb(root.get("gslb"), dir, root.path("caFile").asText(null), environment, inFile.within(Field.CONFIG, "gslb.")));
    }
    problems.throwIfAny();
    return new HubsFile(file, hubs, publicAzure, stamps,
        Optional.ofNullable(root.at("/publicAzure/trafficManager/profileId").asText(null)), gslb);
  }

  public HubSpec hub(String name) {
    HubSpec spec = hubs.get(name);
    if (spec == null) {
      throw InvalidInputException.of("hubs file", Field.HUB, "unknown hub '" + name + "' (hubs in " + file + ": "
          + String.join(", ", hubs.keySet()) + ")");
    }
    return spec;
  }

  private static GslbSpec gslb(JsonNode g, Path dir, String defaultCa, Map<String, String> env, Problems problems) {
    if (g.hasNonNull("password")) {
      problems.add(GslbSpec.Field.PASSWORD, "secrets are never written in hubs files; use passwordFile or passwordEnv");
    }
    SecretSource password = g.hasNonNull("passwordFile") ? new SecretSource.FromFile(dir.resolve(g.get("passwordFile").asText()))
        : g.hasNonNull("passwordEnv") ? new SecretSource.FromEnvironment(g.get("passwordEnv").asText(), env) : null;
    URI url = null;
    try {
      url = g.hasNonNull("url") ? URI.create(g.get("url").asText()) : null;
    } catch (IllegalArgumentException e) {
      problems.add(GslbSpec.Field.URL, "not a URL (was '" + g.get("url").asText() + "')");
    }
    String ca = g.path("caFile").asText(defaultCa);
    GslbSpec spec = new GslbSpec(g.path("type").asText(null), url, g.path("username").asText(null), password, g.path("pool").asText(null),
        ca == null ? null : dir.resolve(ca));
    spec.validate(problems);
    return spec;
  }

  private static HubSpec spec(JsonNode h, Path dir, String defaultCa, Map<String, String> env, Problems problems, boolean publicAzure) {
    String name = h.path("name").asText(null);
    IdentitySystem identity = null;
    try {
      identity = IdentitySystem.parse(h.path("identitySystem").asText("azure_ad"));
    } catch (IllegalArgumentException e) {
      problems.add(HubSpec.Field.IDENTITY_SYSTEM, e.getMessage());
    }
    ApiProfile profile = null;
    try {
      profile = ApiProfile.parse(h.path("apiProfile").asText(publicAzure ? "latest" : "2020-09-01-hybrid"));
    } catch (IllegalArgumentException e) {
      problems.add(HubSpec.Field.API_PROFILE, e.getMessage());
    }
    SecretSource secret = null;
    if (h.hasNonNull("clientSecretFile")) {
      secret = new SecretSource.FromFile(dir.resolve(h.get("clientSecretFile").asText()));
    } else if (h.hasNonNull("clientSecretEnv")) {
      secret = new SecretSource.FromEnvironment(h.get("clientSecretEnv").asText(), env);
    }
    if (h.hasNonNull("clientSecret")) {
      problems.add(HubSpec.Field.CLIENT_SECRET, "secrets are never written in hubs files; use clientSecretFile or clientSecretEnv");
    }
    Path certificate = h.hasNonNull("clientCertificateFile") ? dir.resolve(h.get("clientCertificateFile").asText()) : null;
    SecretSource certPassword = h.hasNonNull("clientCertificatePasswordEnv")
        ? new SecretSource.FromEnvironment(h.get("clientCertificatePasswordEnv").asText(), env) : null;
    String ca = h.path("caFile").asText(defaultCa);
    URI endpoint = null;
    try {
      endpoint = h.hasNonNull("armEndpoint") ? URI.create(h.get("armEndpoint").asText()) : null;
    } catch (IllegalArgumentException e) {
      problems.add(HubSpec.Field.ARM_ENDPOINT, "not a URL (was '" + h.get("armEndpoint").asText() + "')");
    }
    ProxySettings proxy = null;
    if (h.hasNonNull("proxy")) {
      try {
        proxy = new ProxySettings(URI.create(h.get("proxy").asText()), List.of(h.path("noProxy").asText("").split(",")));
      } catch (IllegalArgumentException e) {
        problems.add(HubSpec.Field.PROXY, "not a proxy URL such as http://proxy.example:3128 (was '" + h.get("proxy").asText() + "')");
      }
    } else {
      proxy = ProxySettings.fromEnvironment(env).orElse(null);
    }
    HubSpec spec = new HubSpec(name, endpoint, identity, h.path("tenant").asText(null), h.path("subscription").asText(null),
        h.path("clientId").asText(null), secret, certificate, certPassword, ca == null ? null : dir.resolve(ca),
        h.path("insecureSkipTlsVerify").asBoolean(false), proxy, profile, h.path("loginEndpoint").asText(null), h.path("audience").asText(null));
    int before = problems.list().size();
    spec.validate(problems);
    return problems.list().size() == before ? spec : null;
  }

  /** A YAML node with a default name, for the single public-Azure entry. */
  private record ObjectNodeWithName(JsonNode node) {
    JsonNode withName(String name) {
      if (node.has("name")) {
        return node;
      }
      com.fasterxml.jackson.databind.node.ObjectNode copy = ((com.fasterxml.jackson.databind.node.ObjectNode) node).deepCopy();
      copy.put("name", name);
      return copy;
    }
  }
}
