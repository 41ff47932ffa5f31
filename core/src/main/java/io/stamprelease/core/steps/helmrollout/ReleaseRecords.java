package io.stamprelease.core.steps.helmrollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Helm's release records as Helm's default storage driver keeps them: Secret {@code sh.helm.release.v1.<rel>.v<N>},
 * labels {@code name}, {@code owner=helm}, {@code status}, {@code version}, data {@code release} =
 * base64(gzip(JSON)) (and base64 once more by the API, as every Secret value). helm-java has no rollback (HJ #351),
 * so the rollback is built from these records: the good revision's {@code chart} (metadata, templates, values,
 * files) and {@code config} (the user-supplied values) are written back into a chart directory and a values file.
 */
final class ReleaseRecords {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;
  private final String namespace;
  private final String release;

  ReleaseRecords(KubernetesClient client, String namespace, String release) {
    this.client = client;
    this.namespace = namespace;
    this.release = release;
  }

  /** One revision as its Secret's labels describe it (no decoding needed). */
  record Revision(int number, String status) {
    /** {@code pending-install}, {@code pending-upgrade}, {@code pending-rollback}: Helm's lock, held until the writer finishes. */
    boolean pending() {
      return status.startsWith("pending-");
    }
  }

  static String secretName(String release, int revision) {
    return "sh.helm.release.v1." + release + ".v" + revision;
  }

  List<Revision> revisions() {
    return client.secrets().inNamespace(namespace).withLabels(Map.of("owner", "helm", "name", release)).list().getItems().stream()
        .map(s -> new Revision(Integer.parseInt(s.getMetadata().getLabels().getOrDefault("version", "0")),
            s.getMetadata().getLabels().getOrDefault("status", "unknown")))
        .sorted(Comparator.comparingInt(Revision::number)).toList();
  }

  int latestRevision() {
    return revisions().stream().mapToInt(Revision::number).max().orElse(0);
  }

  /** The newest revision, if the release has any. */
  Optional<Revision> latest() {
    List<Revision> all = revisions();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /** When Helm wrote {@code revision} ({@code info.last_deployed}); null when the record does not say. */
  Instant writtenAt(int revision) {
    String at = read(revision).path("info").path("last_deployed").asText("");
    try {
      return at.isEmpty() ? null : OffsetDateTime.parse(at).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** The revision Helm currently considers deployed: the last good one. */
  Optional<Integer> deployedRevision() {
    return revisions().stream().filter(r -> r.status().equals("deployed")).map(Revision::number).max(Integer::compare);
  }

  /** The decoded release JSON of one revision. */
  ObjectNode read(int revision) {
    Secret secret = client.secrets().inNamespace(namespace).withName(secretName(release, revision)).get();
    if (secret == null || secret.getData() == null || !secret.getData().containsKey("release")) {
      throw new IllegalStateException("release record " + secretName(release, revision) + " not found in namespace " + namespace);
    }
    return decode(secret.getData().get("release"));
  }

  /** Sets a revision's status (as Helm does when an upgrade fails) in both the record and its label. */
  void markStatus(int revision, String status, String description) {
    Secret secret = client.secrets().inNamespace(namespace).withName(secretName(release, revision)).get();
    if (secret == null) {
      return;
    }
    ObjectNode record = decode(secret.getData().get("release"));
    ObjectNode info = record.with("info");
    info.put("status", status);
    if (description != null) {
      info.put("description", description);
    }
    Secret updated = new SecretBuilder(secret).addToData("release", encode(record))
        .editMetadata().addToLabels("status", status).endMetadata().build();
    client.secrets().inNamespace(namespace).resource(updated).update();
  }

  /** Deletes the oldest non-deployed records beyond {@code max} (Helm's --history-max); 0 keeps everything. */
  int prune(int max) {
    if (max <= 0) {
      return 0;
    }
    List<Revision> all = revisions();
    int excess = all.size() - max;
    int deleted = 0;
    for (Revision r : all) {
      if (deleted >= excess) {
        break;
      }
      if (!r.status().equals("deployed")) {
        client.secrets().inNamespace(namespace).withName(secretName(release, r.number())).delete();
        deleted++;
      }
    }
    return deleted;
  }

  static ObjectNode decode(String secretValue) {
    byte[] bytes = Base64.getDecoder().decode(secretValue);
    if (!(bytes.length > 1 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b)) {
      bytes = Base64.getDecoder().decode(new String(bytes, StandardCharsets.US_ASCII).trim());
    }
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return (ObjectNode) JSON.readTree(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("release record is not gzip(JSON)", e);
    }
  }

  static String encode(ObjectNode record) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(buffer)) {
      gzip.write(JSON.writeValueAsBytes(record));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String helmValue = Base64.getEncoder().encodeToString(buffer.toByteArray());
    return Base64.getEncoder().encodeToString(helmValue.getBytes(StandardCharsets.US_ASCII));
  }

  /** {@code demo-1.0.0}-style name and version of a record's chart. */
  static String chartName(JsonNode record) {
    return record.path("chart").path("metadata").path("name").asText("");
  }

  static String chartVersion(JsonNode record) {
    return record.path("chart").path("metadata").path("version").asText("");
  }

  /**
   * Writes a record's chart back as a chart directory ({@code Chart.yaml} from metadata, templates, default values,
   * schema, other files) and its user values as {@code values.yaml} beside it; returns the chart directory. JSON is
   * valid YAML, so metadata and values are written as JSON. Subcharts are not kept in the record's JSON (Helm
   * serialises no dependencies), so a chart with dependencies cannot be rebuilt and is refused.
   */
  static Path writeChart(JsonNode record, Path dir) {
    JsonNode chart = record.path("chart");
    JsonNode deps = chart.path("metadata").path("dependencies");
    if (deps.isArray() && !deps.isEmpty()) {
      throw new IllegalStateException("chart " + chartName(record) + " has dependencies (subcharts), which Helm does not keep in the "
          + "release record; roll back with the previous chart reference instead");
    }
    try {
      Path chartDir = dir.resolve(chartName(record));
      Files.createDirectories(chartDir);
      Files.writeString(chartDir.resolve("Chart.yaml"), JSON.writeValueAsString(chart.path("metadata")));
      Files.writeString(chartDir.resolve("values.yaml"), chart.path("values").isObject() ? JSON.writeValueAsString(chart.path("values")) : "{}");
      if (chart.hasNonNull("schema") && !chart.path("schema").asText().isEmpty()) {
        Files.write(chartDir.resolve("values.schema.json"), Base64.getDecoder().decode(chart.path("schema").asText()));
      }
      for (String list : List.of("templates", "files")) {
        for (Iterator<JsonNode> it = chart.path(list).elements(); it.hasNext(); ) {
          JsonNode file = it.next();
          Path target = chartDir.resolve(file.path("name").asText()).normalize();
          if (!target.startsWith(chartDir)) {
            throw new IllegalStateException("release record names a file outside the chart: " + file.path("name").asText());
          }
          Files.createDirectories(target.getParent());
          Files.write(target, Base64.getDecoder().decode(file.path("data").asText("")));
        }
      }
      Files.writeString(dir.resolve("values.yaml"), record.path("config").isObject() ? JSON.writeValueAsString(record.path("config")) : "{}");
      return chartDir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
