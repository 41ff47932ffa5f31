package io.stamprelease.core.clients.hub;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeader;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.HttpLogDetailLevel;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.core.http.policy.HttpLoggingPolicy;
import com.azure.core.http.policy.RequestIdPolicy;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.http.policy.UserAgentPolicy;
import com.azure.core.util.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stamprelease.core.engine.ConflictException;
import io.stamprelease.core.engine.TransientException;
import io.stamprelease.core.engine.UnreachableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ARM over azure-core's {@link HttpPipeline}: bearer tokens from the hub's credential, retries that honour
 * {@code Retry-After} (429, 5xx, dropped connections), request ids, and BASIC logging (URL and status:
 * azure-core redacts query parameters and headers it does not know). Every call names its resource type
 * and gets the api-version the hub's {@link ApiProfile} pins. Errors become the engine's types.
 */
public final class ArmClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HubSpec spec;
  private final String base;
  private final HttpPipeline pipeline;

  ArmClient(HubSpec spec, HttpClient http, TokenCredential credential, String audience, RetryOptions retry) {
    this.spec = spec;
    this.base = spec.armEndpoint().toString().replaceAll("/+$", "");
    this.pipeline = new HttpPipelineBuilder().httpClient(http).policies(
        new UserAgentPolicy("stamp-release"),
        new RequestIdPolicy(),
        new RetryPolicy(retry),
        new BearerTokenAuthenticationPolicy(credential, scope(audience)),
        new HttpLoggingPolicy(new HttpLogOptions().setLogLevel(HttpLogDetailLevel.BASIC))).build();
  }

  /**
   * The scope is the audience exactly as metadata gives it plus {@code /.default}: public Azure's audience
   * {@code https://management.core.windows.net/} ends with a slash, and Azure AD only knows that resource with the
   * slash, so the scope is {@code https://management.core.windows.net//.default} (the well-known double slash).
   */
  static String scope(String audience) {
    return audience + "/.default";
  }

  /** Retries inside one call: few and short, the engine's backoff handles longer outages. */
  static RetryOptions defaultRetry() {
    return new RetryOptions(new ExponentialBackoffOptions().setMaxRetries(3).setBaseDelay(Duration.ofMillis(500)).setMaxDelay(Duration.ofSeconds(8)));
  }

  public HubSpec hub() {
    return spec;
  }

  public String subscriptionPath() {
    return "/subscriptions/" + spec.subscription();
  }

  public String resourceGroupPath(String resourceGroup) {
    return subscriptionPath() + "/resourceGroups/" + resourceGroup;
  }

  public String apiVersion(String resourceType) {
    return spec.apiProfile().version(resourceType);
  }

  public ArmResponse get(String path, String resourceType) {
    return send(HttpMethod.GET, url(path, resourceType), null, Map.of());
  }

  public ArmResponse put(String path, String resourceType, JsonNode body) {
    return send(HttpMethod.PUT, url(path, resourceType), body, Map.of());
  }

  public ArmResponse put(String path, String resourceType, JsonNode body, Map<String, String> headers) {
    return send(HttpMethod.PUT, url(path, resourceType), body, headers);
  }

  public ArmResponse patch(String path, String resourceType, JsonNode body, Map<String, String> headers) {
    return send(HttpMethod.PATCH, url(path, resourceType), body, headers);
  }

  public ArmResponse post(String path, String resourceType, JsonNode body) {
    return send(HttpMethod.POST, url(path, resourceType), body, Map.of());
  }

  public ArmResponse delete(String path, String resourceType) {
    return send(HttpMethod.DELETE, url(path, resourceType), null, Map.of());
  }

  /** Follows an absolute monitoring URL (Azure-AsyncOperation / Location); it already carries its api-version. */
  public ArmResponse getAbsolute(String url) {
    if (!url.startsWith(base + "/")) {
      throw new IllegalArgumentException("refusing to send the hub's token to a URL outside its ARM endpoint: " + url);
    }
    return send(HttpMethod.GET, url, null, Map.of());
  }

  private String url(String path, String resourceType) {
    return base + path + (path.contains("?") ? "&" : "?") + "api-version=" + apiVersion(resourceType);
  }

  private ArmResponse send(HttpMethod method, String url, JsonNode body, Map<String, String> headers) {
    HttpRequest request = new HttpRequest(method, url);
    headers.forEach((k, v) -> request.setHeader(HttpHeaderName.fromString(k), v));
    if (body != null) {
      request.setHeader(HttpHeaderName.CONTENT_TYPE, "application/json").setBody(body.toString());
    }
    try (HttpResponse response = pipeline.sendSync(request, Context.NONE)) {
      Map<String, String> responseHeaders = new LinkedHashMap<>();
      for (HttpHeader h : response.getHeaders()) {
        responseHeaders.put(h.getName(), h.getValue());
      }
      byte[] bytes = response.getBodyAsBinaryData() == null ? new byte[0] : response.getBodyAsBinaryData().toBytes();
      JsonNode json = bytes.length == 0 ? null : JSON.readTree(bytes);
      ArmResponse answer = new ArmResponse(response.getStatusCode(), responseHeaders, json);
      return check(method, url, answer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (UncheckedIOException | ArmCallException | TransientException | ConflictException | UnreachableException e) {
      throw e;
    } catch (RuntimeException e) {
      if (HubErrors.isAuthenticationFailure(e)) {
        throw new UnreachableException("hub " + spec.name() + ": cannot authenticate service principal " + spec.clientId()
            + " at its " + spec.identitySystem() + " login endpoint: " + HubErrors.rootMessage(e), e);
      }
      throw HubErrors.unreachable(spec, method + " " + url.replaceAll("\\?.*", ""), e);
    }
  }

  private ArmResponse check(HttpMethod method, String url, ArmResponse answer) {
    int status = answer.status();
    if (status < 400) {
      return answer;
    }
    String code = answer.body() == null ? "" : answer.body().at("/error/code").asText("");
    String message = answer.body() == null ? "" : answer.body().at("/error/message").asText("");
    String where = method + " " + url.replaceAll("\\?.*", "");
    if (status == 401 || status == 403) {
      throw new UnreachableException("hub " + spec.name() + ": " + where + " refused (" + status + " " + code + "): " + message, null);
    }
    if (status == 412) {
      throw new ConflictException(where + ": " + (message.isEmpty() ? "precondition failed (the resource changed)" : message));
    }
    if (status == 429 || status >= 500) {
      throw new TransientException("hub " + spec.name() + ": " + where + " answered " + status + (code.isEmpty() ? "" : " " + code)
          + (message.isEmpty() ? "" : ": " + message));
    }
    throw new ArmCallException(status, code, "hub " + spec.name() + ": " + code + ": " + message);
  }
}
