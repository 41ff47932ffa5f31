package io.stamprelease.testkit.arm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * {@code GET /metadata/endpoints}: the object form ({@code api-version=1.0}, what Azure Stack docs show) and
 * the array form ({@code 2019-10-01}, what the hybrid SDKs read). Unauthenticated, as on a real hub.
 */
final class MetadataApi {
  private final TokenService tokens;
  private final String portalUrl;
  private final String fqdn;
  private final String location;
  private final String name;

  MetadataApi(String name, TokenService tokens, String location, String fqdn) {
    this.name = name;
    this.tokens = tokens;
    this.location = location;
    this.fqdn = fqdn;
    this.portalUrl = "https://portal." + location + "." + fqdn + "/";
  }

  List<Route> routes() {
    return List.of(Route.open("GET", "^/metadata/endpoints/?$", this::endpoints));
  }

  private ArmResponse endpoints(ArmRequest request) {
    String version = request.apiVersion();
    if (version == null) {
      throw ArmException.badRequest("MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
    }
    if (version.equals("2019-10-01") || version.equals("2020-06-01") || version.equals("2022-09-01")) {
      ArrayNode clouds = Json.array();
      ObjectNode cloud = clouds.addObject().put("portal", portalUrl).put("name", name)
          .put("gallery", "https://adminportal." + location + "." + fqdn + ":30015/")
          .put("graph", "https://graph." + fqdn + "/").put("graphAudience", "https://graph." + fqdn + "/");
      ObjectNode auth = cloud.putObject("authentication").put("loginEndpoint", tokens.loginEndpoint())
          .put("identityProvider", tokens.system() == IdentitySystem.ADFS ? "ADFS" : "AAD")
          .put("tenant", tokens.tenantId());
      auth.putArray("audiences").add(tokens.audience());
      cloud.putObject("suffixes").put("storage", location + "." + fqdn).put("keyVaultDns", "vault." + location + "." + fqdn)
          .put("acrLoginServer", "azurecr." + location + "." + fqdn);
      return ArmResponse.ok(clouds);
    }
    ObjectNode doc = Json.object().put("galleryEndpoint", "https://adminportal." + location + "." + fqdn + ":30015/")
        .put("graphEndpoint", "https://graph." + fqdn + "/").put("portalEndpoint", portalUrl);
    ObjectNode auth = doc.putObject("authentication").put("loginEndpoint", tokens.loginEndpoint());
    auth.putArray("audiences").add(tokens.audience());
    return ArmResponse.ok(doc);
  }
}
