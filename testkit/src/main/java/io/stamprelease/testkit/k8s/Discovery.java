package io.stamprelease.testkit.k8s;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static io.stamprelease.testkit.k8s.KubeStatus.JSON;

/**
 * Legacy (non-aggregated) discovery, {@code /version} and a minimal OpenAPI v3, built from {@link ApiResource#ALL}.
 * Helm's REST mapper and kubectl resolve kinds and short names through discovery. The OpenAPI v3 documents only
 * advertise the {@code fieldValidation} query parameter on PATCH: client-go then leaves validation to the server
 * (which the simulator does not do) instead of validating against schemas we do not have.
 */
final class Discovery {

  private static final List<String> VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
  private final KubeVersion version;

  Discovery(KubeVersion version) {
    this.version = version;
  }

  /** The answer for a discovery path, or empty when the request is not about discovery. */
  Optional<MockResponse> answer(String method, String pathAndQuery) {
    if (!method.equals("GET")) {
      return Optional.empty();
    }
    String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
    if (path.equals("/version")) {
      return ok(version.toJson());
    } else if (path.equals("/api")) {
      return ok(apiVersions());
    } else if (path.equals("/apis")) {
      return ok(groupList());
    } else if (path.equals("/api/v1")) {
      return ok(resourceList("v1"));
    } else if (path.matches("/apis/[^/]+/[^/]+")) {
      return Optional.of(knownOrNotFound(path.substring("/apis/".length()), Discovery::resourceList, path));
    } else if (path.equals("/openapi/v3")) {
      return ok(openApiRoot());
    } else if (path.startsWith("/openapi/v3/")) {
      String gv = path.substring("/openapi/v3/".length()).replaceFirst("^apis?/", "");
      return Optional.of(knownOrNotFound(gv, this::openApiDocument, path));
    } else if (path.startsWith("/openapi/")) {
      // /openapi/v2 is protobuf on a real server; a 404 makes clients fall back to v3
      return Optional.of(KubeStatus.response(KubeStatus.failure(404, "the server could not find the requested resource")));
    }
    return Optional.empty();
  }

  private static Optional<MockResponse> ok(ObjectNode body) {
    return Optional.of(KubeStatus.json(200, body));
  }

  private static MockResponse knownOrNotFound(String gv, Function<String, ObjectNode> doc, String path) {
    return ApiResource.groupVersions().contains(gv)
        ? KubeStatus.json(200, doc.apply(gv))
        : KubeStatus.response(KubeStatus.failure(404, "the server could not find the requested resource: " + path));
  }

  private static ObjectNode apiVersions() {
    ObjectNode versions = JSON.createObjectNode().put("kind", "APIVersions");
    versions.putArray("versions").add("v1");
    versions.putArray("serverAddressByClientCIDRs").addObject()
        .put("clientCIDR", "0.0.0.0/0").put("serverAddress", "127.0.0.1:6443");
    return versions;
  }

  private static ObjectNode groupList() {
    ObjectNode list = JSON.createObjectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
    ArrayNode groups = list.putArray("groups");
    for (String gv : ApiResource.groupVersions()) {
      if (!gv.contains("/")) {
        continue;
      }
      ObjectNode version = JSON.createObjectNode().put("groupVersion", gv).put("version", gv.substring(gv.indexOf('/') + 1));
      ObjectNode group = groups.addObject().put("name", gv.substring(0, gv.indexOf('/')));
      group.putArray("versions").add(version);
      group.set("preferredVersion", version);
    }
    return list;
  }

  private static ObjectNode resourceList(String gv) {
    ObjectNode list = JSON.createObjectNode().put("kind", "APIResourceList").put("apiVersion", "v1").put("groupVersion", gv);
    ArrayNode resources = list.putArray("resources");
    for (ApiResource r : ApiResource.inGroupVersion(gv)) {
      ObjectNode main = resources.addObject().put("name", r.name()).put("singularName", r.singularName())
          .put("namespaced", r.namespaced()).put("kind", r.kind());
      VERBS.forEach(main.putArray("verbs")::add);
      r.shortNames().forEach(main.putArray("shortNames")::add);
      r.subresources().stream().sorted().forEach(sub -> resources.add(subresource(r, sub)));
    }
    return list;
  }

  private static ObjectNode subresource(ApiResource r, String sub) {
    ObjectNode node = JSON.createObjectNode().put("name", r.name() + "/" + sub).put("singularName", "")
        .put("namespaced", r.namespaced());
    switch (sub) {
      case "scale" -> node.put("group", "autoscaling").put("version", "v1").put("kind", "Scale");
      case "eviction" -> node.put("group", "policy").put("version", "v1").put("kind", "Eviction");
      default -> node.put("kind", r.kind());
    }
    List<String> verbs = sub.equals("eviction") ? List.of("create") : List.of("get", "patch", "update");
    verbs.forEach(node.putArray("verbs")::add);
    return node;
  }

  private static String urlPrefix(String gv) {
    return gv.contains("/") ? "apis/" + gv : "api/" + gv;
  }

  private static ObjectNode openApiRoot() {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode paths = root.putObject("paths");
    for (String gv : ApiResource.groupVersions()) {
      paths.putObject(urlPrefix(gv)).put("serverRelativeURL", "/openapi/v3/" + urlPrefix(gv) + "?hash=simulated");
    }
    return root;
  }

  private ObjectNode openApiDocument(String gv) {
    ObjectNode doc = JSON.createObjectNode().put("openapi", "3.0.0");
    doc.putObject("info").put("title", "Kubernetes").put("version", version.gitVersion());
    ObjectNode paths = doc.putObject("paths");
    for (ApiResource r : ApiResource.inGroupVersion(gv)) {
      String path = "/" + r.urlPrefix() + (r.namespaced() ? "/namespaces/{namespace}/" : "/") + r.name() + "/{name}";
      ObjectNode patch = paths.putObject(path).putObject("patch").put("operationId", "patch" + r.kind());
      patch.putObject("x-kubernetes-group-version-kind").put("group", r.group()).put("version", r.version()).put("kind", r.kind());
      patch.putArray("parameters").addObject().put("name", "fieldValidation").put("in", "query")
          .putObject("schema").put("type", "string");
      patch.putObject("responses").putObject("200").put("description", "OK");
    }
    return doc;
  }
}
