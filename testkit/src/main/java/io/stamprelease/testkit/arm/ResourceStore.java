package io.stamprelease.testkit.arm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The resources of one simulated subscription, keyed by ARM id. ARM ids are case-insensitive, so keys
 * are lower-cased while the stored documents keep the caller's casing.
 */
public final class ResourceStore {
  private final Map<String, ObjectNode> resources = new TreeMap<>();

  public synchronized ObjectNode get(String id) {
    ObjectNode r = resources.get(key(id));
    return r == null ? null : r.deepCopy();
  }

  public synchronized boolean exists(String id) {
    return resources.containsKey(key(id));
  }

  public synchronized void put(String id, ObjectNode resource) {
    resources.put(key(id), resource.deepCopy());
  }

  public synchronized ObjectNode remove(String id) {
    return resources.remove(key(id));
  }

  /** Resources whose id starts with {@code scope} (e.g. a resource group id) and whose type matches. */
  public synchronized List<ObjectNode> list(String scope, String type) {
    String prefix = key(scope) + "/";
    List<ObjectNode> out = new ArrayList<>();
    resources.forEach((id, r) -> {
      if (id.startsWith(prefix) && r.path("type").asText().equalsIgnoreCase(type)) {
        out.add(r.deepCopy());
      }
    });
    return out;
  }

  /** Every resource inside a scope, whatever its type. */
  public synchronized List<ObjectNode> listAll(String scope) {
    String prefix = key(scope) + "/";
    List<ObjectNode> out = new ArrayList<>();
    resources.forEach((id, r) -> {
      if (id.startsWith(prefix)) {
        out.add(r.deepCopy());
      }
    });
    return out;
  }

  private static String key(String id) {
    return id.toLowerCase(Locale.ROOT);
  }
}
