package io.stamprelease.core.steps.helmrollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The objects of a rendered release manifest (multi-document YAML) and what a rollout tracks in them. */
record ReleaseManifest(List<ObjectNode> objects) {
  static final Set<String> WORKLOAD_KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet", "Job");
  private static final YAMLMapper YAML = new YAMLMapper();

  /** A workload to track: its kind, namespace and name. */
  record WorkloadRef(String kind, String namespace, String name) implements Serializable {
    String label() {
      return kind.toLowerCase(Locale.ROOT) + "/" + name;
    }
  }

  static ReleaseManifest parse(String manifest) {
    List<ObjectNode> objects = new ArrayList<>();
    if (manifest == null || manifest.isBlank()) {
      return new ReleaseManifest(objects);
    }
    try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(manifest)) {
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        if (doc instanceof ObjectNode o && o.hasNonNull("kind")) {
          objects.add(o);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("release manifest is not YAML", e);
    }
    return new ReleaseManifest(objects);
  }

  /** Deployments, StatefulSets, DaemonSets and Jobs; objects without a namespace live in the release's. */
  List<WorkloadRef> workloads(String releaseNamespace) {
    return objects.stream().filter(o -> WORKLOAD_KINDS.contains(o.path("kind").asText()))
        .map(o -> new WorkloadRef(o.path("kind").asText(), o.path("metadata").path("namespace").asText(releaseNamespace),
            o.path("metadata").path("name").asText()))
        .toList();
  }

  /** Every container image of every pod template (init containers included), in manifest order. */
  List<String> images() {
    Set<String> images = new LinkedHashSet<>();
    for (ObjectNode o : objects) {
      JsonNode podSpec = o.path("kind").asText().equals("Pod") ? o.path("spec") : o.path("spec").path("template").path("spec");
      for (String list : List.of("initContainers", "containers")) {
        podSpec.path(list).forEach(c -> {
          if (c.hasNonNull("image")) {
            images.add(c.path("image").asText());
          }
        });
      }
    }
    return List.copyOf(images);
  }

  /** {@code Kind/namespace/name} → the object, for diffs. */
  Map<String, ObjectNode> byKey(String releaseNamespace) {
    Map<String, ObjectNode> map = new LinkedHashMap<>();
    for (ObjectNode o : objects) {
      map.put(o.path("kind").asText() + "/" + o.path("metadata").path("namespace").asText(releaseNamespace) + "/"
          + o.path("metadata").path("name").asText(), o);
    }
    return map;
  }

  static String toYaml(JsonNode node) {
    try {
      return YAML.writeValueAsString(node).replaceFirst("^---\\n", "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
