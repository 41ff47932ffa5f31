package io.stamprelease.testkit.k8s;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders a single-context kubeconfig for a simulated cluster. */
final class Kubeconfig {

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

  /** Any token works: the simulated API server does not authenticate. */
  static final String TOKEN = "simulated-token";

  static String render(String clusterName, String serverUrl, String caPem, String namespace) {
    Map<String, Object> cluster = new LinkedHashMap<>();
    cluster.put("server", serverUrl);
    cluster.put("certificate-authority-data", Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII)));
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("cluster", clusterName);
    context.put("user", clusterName + "-user");
    context.put("namespace", namespace);
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("apiVersion", "v1");
    config.put("kind", "Config");
    config.put("clusters", List.of(named(clusterName, "cluster", cluster)));
    config.put("users", List.of(named(clusterName + "-user", "user", Map.of("token", TOKEN))));
    config.put("contexts", List.of(named(clusterName, "context", context)));
    config.put("current-context", clusterName);
    try {
      return YAML.writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> named(String name, String field, Map<String, Object> value) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("name", name);
    entry.put(field, value);
    return entry;
  }

  private Kubeconfig() {
  }
}
