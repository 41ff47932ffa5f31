package io.stamprelease.testkit.k8s;

import java.util.Arrays;
import java.util.Optional;

/**
 * A resource request path split into its parts, e.g. {@code /apis/apps/v1/namespaces/ns/deployments/web/status?x=y}.
 *
 * @param namespace   null for cluster-scoped paths
 * @param name        null for collections
 * @param subresource null for the main resource
 */
record ApiPath(String groupVersion, String namespace, String resource, String name, String subresource, String query) {

  static Optional<ApiPath> parse(String pathAndQuery) {
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    String query = q < 0 ? "" : pathAndQuery.substring(q + 1);
    String[] s = path.replaceFirst("^/", "").split("/");
    int restStart;
    String gv;
    if (s.length >= 3 && s[0].equals("api")) {
      gv = s[1];
      restStart = 2;
    } else if (s.length >= 4 && s[0].equals("apis")) {
      gv = s[1] + "/" + s[2];
      restStart = 3;
    } else {
      return Optional.empty();
    }
    String[] rest = Arrays.copyOfRange(s, restStart, s.length);
    String namespace = null;
    // "namespaces/x/status" is the status of namespace x, "namespaces/x/pods" the pods in it
    if (rest.length >= 3 && rest[0].equals("namespaces") && !rest[2].equals("status") && !rest[2].equals("finalize")) {
      namespace = rest[1];
      rest = Arrays.copyOfRange(rest, 2, rest.length);
    }
    if (rest.length == 0 || rest.length > 3) {
      return Optional.empty();
    }
    return Optional.of(new ApiPath(gv, namespace, rest[0], rest.length > 1 ? rest[1] : null,
        rest.length > 2 ? rest[2] : null, query));
  }

  Optional<ApiResource> apiResource() {
    return ApiResource.find(groupVersion, resource);
  }

  boolean isCollection() {
    return name == null;
  }

  boolean isMainResource() {
    return name != null && subresource == null;
  }

  boolean isWatch() {
    return ("&" + query + "&").matches(".*&watch=(true|1)&.*");
  }

  /** The path of the object itself, without subresource and query. */
  String objectPath() {
    return collectionPath() + "/" + name;
  }

  String collectionPath() {
    String prefix = groupVersion.contains("/") ? "/apis/" + groupVersion : "/api/" + groupVersion;
    return prefix + (namespace == null ? "" : "/namespaces/" + namespace) + "/" + resource;
  }
}
