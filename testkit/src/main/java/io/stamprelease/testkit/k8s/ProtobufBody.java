package io.stamprelease.testkit.k8s;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

/**
 * Decodes Kubernetes protobuf request bodies of core/v1 Secret and ConfigMap to JSON. Helm's release storage uses a
 * typed client-go clientset, which sends {@code application/vnd.kubernetes.protobuf}; the CRUD store only reads JSON.
 * Format: the magic {@code k8s\0}, then a {@code runtime.Unknown{typeMeta=1, raw=2}} whose raw bytes are the object.
 * Field numbers come from k8s.io/api/core/v1/generated.proto and apimachinery's meta/v1 generated.proto.
 */
final class ProtobufBody {

  private static final byte[] MAGIC = {'k', '8', 's', 0};

  static boolean isEnvelope(byte[] body) {
    return body.length >= MAGIC.length && body[0] == MAGIC[0] && body[1] == MAGIC[1] && body[2] == MAGIC[2]
        && body[3] == MAGIC[3];
  }

  /** @throws UnsupportedOperationException for kinds other than Secret and ConfigMap */
  static ObjectNode toJson(byte[] body) {
    WireReader unknown = new WireReader(body, MAGIC.length, body.length);
    ObjectNode object = KubeStatus.JSON.createObjectNode();
    byte[] raw = new byte[0];
    while (unknown.hasMore()) {
      int tag = unknown.tag();
      switch (tag >>> 3) {
        case 1 -> readTypeMeta(unknown.message(), object);
        case 2 -> raw = unknown.bytes();
        default -> unknown.skip(tag);
      }
    }
    String kind = object.path("kind").asText();
    WireReader fields = new WireReader(raw, 0, raw.length);
    switch (kind) {
      case "Secret" -> readSecret(fields, object);
      case "ConfigMap" -> readConfigMap(fields, object);
      default -> throw new UnsupportedOperationException("protobuf body of kind '" + kind + "' is not supported");
    }
    return object;
  }

  private static void readTypeMeta(WireReader r, ObjectNode object) {
    while (r.hasMore()) {
      int tag = r.tag();
      switch (tag >>> 3) {
        case 1 -> object.put("apiVersion", r.string());
        case 2 -> object.put("kind", r.string());
        default -> r.skip(tag);
      }
    }
  }

  private static void readSecret(WireReader r, ObjectNode secret) {
    while (r.hasMore()) {
      int tag = r.tag();
      switch (tag >>> 3) {
        case 1 -> secret.set("metadata", objectMeta(r.message()));
        case 2 -> putEntry(secret, "data", r.message(), true);
        case 3 -> secret.put("type", r.string());
        case 4 -> putEntry(secret, "stringData", r.message(), false);
        case 5 -> secret.put("immutable", r.varint() != 0);
        default -> r.skip(tag);
      }
    }
  }

  private static void readConfigMap(WireReader r, ObjectNode configMap) {
    while (r.hasMore()) {
      int tag = r.tag();
      switch (tag >>> 3) {
        case 1 -> configMap.set("metadata", objectMeta(r.message()));
        case 2 -> putEntry(configMap, "data", r.message(), false);
        case 3 -> putEntry(configMap, "binaryData", r.message(), true);
        case 4 -> configMap.put("immutable", r.varint() != 0);
        default -> r.skip(tag);
      }
    }
  }

  private static ObjectNode objectMeta(WireReader r) {
    ObjectNode meta = KubeStatus.JSON.createObjectNode();
    while (r.hasMore()) {
      int tag = r.tag();
      switch (tag >>> 3) {
        case 1 -> putIfNotEmpty(meta, "name", r.string());
        case 2 -> putIfNotEmpty(meta, "generateName", r.string());
        case 3 -> putIfNotEmpty(meta, "namespace", r.string());
        case 5 -> putIfNotEmpty(meta, "uid", r.string());
        case 6 -> putIfNotEmpty(meta, "resourceVersion", r.string());
        case 7 -> meta.put("generation", r.varint());
        case 8 -> meta.put("creationTimestamp", timestamp(r.message()));
        case 11 -> putEntry(meta, "labels", r.message(), false);
        case 12 -> putEntry(meta, "annotations", r.message(), false);
        case 14 -> meta.withArrayProperty("finalizers").add(r.string());
        default -> r.skip(tag);
      }
    }
    return meta;
  }

  /** meta/v1 Time = {seconds=1, nanos=2}; the API's JSON form has second precision. */
  private static String timestamp(WireReader r) {
    long seconds = 0;
    while (r.hasMore()) {
      int tag = r.tag();
      if (tag >>> 3 == 1) {
        seconds = r.varint();
      } else {
        r.skip(tag);
      }
    }
    return Instant.ofEpochSecond(seconds).toString();
  }

  /** A protobuf map entry is a message {key=1, value=2}; byte values become base64 as in the JSON form. */
  private static void putEntry(ObjectNode parent, String field, WireReader entry, boolean bytesValue) {
    String key = "";
    byte[] value = new byte[0];
    while (entry.hasMore()) {
      int tag = entry.tag();
      switch (tag >>> 3) {
        case 1 -> key = entry.string();
        case 2 -> value = entry.bytes();
        default -> entry.skip(tag);
      }
    }
    parent.withObjectProperty(field).put(key, bytesValue
        ? Base64.getEncoder().encodeToString(value)
        : new String(value, StandardCharsets.UTF_8));
  }

  private static void putIfNotEmpty(ObjectNode node, String field, String value) {
    if (!value.isEmpty()) {
      node.put(field, value);
    }
  }

  /** Protobuf wire format, just enough for the messages above. */
  private static final class WireReader {
    private final byte[] buffer;
    private final int end;
    private int position;

    WireReader(byte[] buffer, int start, int end) {
      this.buffer = buffer;
      this.position = start;
      this.end = end;
    }

    boolean hasMore() {
      return position < end;
    }

    long varint() {
      long value = 0;
      for (int shift = 0; ; shift += 7) {
        byte b = next();
        value |= (long) (b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
          return value;
        }
      }
    }

    int tag() {
      return (int) varint();
    }

    byte[] bytes() {
      int length = length();
      byte[] out = Arrays.copyOfRange(buffer, position, position + length);
      position += length;
      return out;
    }

    String string() {
      return new String(bytes(), StandardCharsets.UTF_8);
    }

    WireReader message() {
      int length = length();
      WireReader sub = new WireReader(buffer, position, position + length);
      position += length;
      return sub;
    }

    void skip(int tag) {
      switch (tag & 7) {
        case 0 -> varint();
        case 1 -> advance(8);
        case 2 -> advance(length());
        case 5 -> advance(4);
        default -> throw new IllegalArgumentException("unsupported protobuf wire type " + (tag & 7));
      }
    }

    private int length() {
      long length = varint();
      if (length < 0 || position + length > end) {
        throw new IllegalArgumentException("truncated protobuf message");
      }
      return (int) length;
    }

    private void advance(int count) {
      if (position + count > end) {
        throw new IllegalArgumentException("truncated protobuf message");
      }
      position += count;
    }

    private byte next() {
      if (position >= end) {
        throw new IllegalArgumentException("truncated protobuf message");
      }
      return buffer[position++];
    }
  }

  private ProtobufBody() {
  }
}
