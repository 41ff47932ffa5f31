package io.stamprelease.core.clients.hub;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stamprelease.core.engine.UnreachableException;
import java.io.IOException;

/**
 * What a hub says about itself at {@code GET <arm>/metadata/endpoints}: its login endpoint and token
 * audience. The 2019-10-01 array form is asked first, the 1.0 object form (older hubs) second.
 */
public record HubMetadata(String loginEndpoint, String audience) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static HubMetadata discover(HubSpec spec, HttpClient http) {
    if (spec.loginEndpoint() != null && spec.audience() != null) {
      return new HubMetadata(spec.loginEndpoint(), spec.audience());
    }
    String base = spec.armEndpoint().toString().replaceAll("/+$", "");
    for (String version : new String[] {"2019-10-01", "1.0"}) {
      JsonNode doc = fetch(spec, http, base + "/metadata/endpoints?api-version=" + version);
      if (doc == null) {
        continue;
      }
      JsonNode cloud = doc.isArray() ? doc.path(0) : doc;
      String login = cloud.at("/authentication/loginEndpoint").asText("");
      String audience = cloud.at("/authentication/audiences/0").asText("");
      if (!login.isEmpty() && !audience.isEmpty()) {
        return new HubMetadata(spec.loginEndpoint() != null ? spec.loginEndpoint() : login, spec.audience() != null ? spec.audience() : audience);
      }
    }
    throw new UnreachableException("hub " + spec.name() + ": " + base + "/metadata/endpoints gave no loginEndpoint and audience; "
        + "set loginEndpoint and audience explicitly", null);
  }

  private static JsonNode fetch(HubSpec spec, HttpClient http, String url) {
    try (HttpResponse response = http.sendSync(new HttpRequest(HttpMethod.GET, url), Context.NONE)) {
      if (response.getStatusCode() != 200) {
        return null;
      }
      return JSON.readTree(response.getBodyAsBinaryData().toBytes());
    } catch (IOException | RuntimeException e) {
      throw HubErrors.unreachable(spec, "cannot read its metadata endpoint", e);
    }
  }
}
