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
import com.azure.core.http.policy.HttpLogDetailLevel;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.core.http.policy.HttpLoggingPolicy;
import com.azure.core.http.policy.RequestIdPolicy;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.http.policy.RetryStrategy;
import com.azure.core.http.policy.UserAgentPolicy;
import com.azure.core.util.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stamprelease.core.engine.ConflictException;
import io.stamprelease.core.engine.Deadline;
import io.stamprelease.core.engine.TerminalException;
import io.stamprelease.core.engine.TransientException;
import io.stamprelease.core.engine.UnreachableException;
import io.stamprelease.core.input.Durations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * ARM over azure-core's {@link HttpPipeline}: bearer tokens from the hub's credential, retries that honour
 * {@code Retry-After} (429, 5xx, dropped connections), request ids, and BASIC logging (URL and status:
 * azure-core redacts query parameters and headers it does not know). Every call names its resource type
 * and gets the api-version the hub's {@link ApiProfile} pins. Errors become the engine's types.
 *
 * <p>Inside a task every request is bounded by the task's {@link Deadline}: its answer is awaited at most the time left
 * (and at most {@link #MAX_WAIT_FOR_ANSWER}), and a retry whose wait would outlive the deadline is not made. Lists are
 * read to their last page ({@link #list}).
 */
public final class ArmClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  /**
   * The longest one answer is awaited: ARM proxies a request to its resource provider with a 60 s client timeout (RPC
   * common-api-details), so an answer later than that never comes from ARM itself.
   */
  public static final Duration MAX_WAIT_FOR_ANSWER = Duration.ofSeconds(65);
  /** Below this much time left, a request is not sent: it could not be answered before the deadline. */
  static final Duration TOO_LITTLE_LEFT = Duration.ofMillis(50);
  /** A guard against a server whose nextLinks never end. */
  static final int MAX_PAGES = 10_000;
  /** azure-core's JDK client reads the per-call response timeout from this context key. */
  private static final String RESPONSE_TIMEOUT = "azure-response-timeout";

  private final HubSpec spec;
  private final String base;
  private final HttpPipeline pipeline;

  ArmClient(HubSpec spec, HttpClient http, TokenCredential credential, String audience, RetryStrategy retry) {
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

  /** Retries inside one call: few and short, the engine's backoff handles longer outages; none past the task's deadline. */
  static RetryStrategy defaultRetry() {
    return new DeadlineRetryStrategy(3, Duration.ofMillis(500), Duration.ofSeconds(8));
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
    return send(HttpMethod.GET, absolute(url), null, Map.of(), false);
  }

  /**
   * Reads an absolute URL (an LRO's status resource) and hands back whatever ARM answered, 4xx and 5xx included (after
   * the call's own retries), for the caller to judge: a failed read of a status resource is not a failed operation.
   * Only a refused token (401/403) is thrown, as everywhere.
   */
  public ArmResponse readAbsolute(String url) {
    return send(HttpMethod.GET, absolute(url), null, Map.of(), true);
  }

  /** As {@link #readAbsolute}, for a resource path: whatever ARM answered, 4xx and 5xx included. */
  public ArmResponse read(String path, String resourceType) {
    return send(HttpMethod.GET, url(path, resourceType), null, Map.of(), true);
  }

  /**
   * Every item of a list, page after page: ARM answers {@code {"value": [...], "nextLink": "<absolute URL>"}} and a page
   * may be short or even empty while a {@code nextLink} follows (RPC resource-api-reference); the last page has none.
   */
  public List<JsonNode> list(String path, String resourceType) {
    List<JsonNode> items = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    ArmResponse page = get(path, resourceType);
    for (int pages = 1; ; pages++) {
      JsonNode body = page.body();
      if (body != null) {
        body.path("value").forEach(items::add);
      }
      Optional<String> next = Optional.ofNullable(body == null ? null : body.get("nextLink")).filter(n -> !n.isNull())
          .map(JsonNode::asText).filter(n -> !n.isBlank());
      if (next.isEmpty()) {
        return items;
      }
      if (!seen.add(next.get()) || pages >= MAX_PAGES) {
        throw new TerminalException("hub " + spec.name() + ": the list " + path + " never ends (ARM answered the same nextLink twice, or "
            + MAX_PAGES + " pages)");
      }
      page = getAbsolute(next.get());
    }
  }

  private String absolute(String url) {
    if (!url.startsWith(base + "/")) {
      throw new TerminalException("hub " + spec.name() + ": refusing to send the hub's token to a URL outside its ARM endpoint "
          + base + ": " + url.replaceAll("\\?.*", ""));
    }
    return url;
  }

  private String url(String path, String resourceType) {
    return base + path + (path.contains("?") ? "&" : "?") + "api-version=" + apiVersion(resourceType);
  }

  private ArmResponse send(HttpMethod method, String url, JsonNode body, Map<String, String> headers) {
    return send(method, url, body, headers, false);
  }

  private ArmResponse send(HttpMethod method, String url, JsonNode body, Map<String, String> headers, boolean raw) {
    HttpRequest request = new HttpRequest(method, url);
    headers.forEach((k, v) -> request.setHeader(HttpHeaderName.fromString(k), v));
    if (body != null) {
      request.setHeader(HttpHeaderName.CONTENT_TYPE, "application/json").setBody(body.toString());
    }
    String where = method + " " + url.replaceAll("\\?.*", "");
    Optional<Deadline> deadline = Deadline.current();
    Duration wait = MAX_WAIT_FOR_ANSWER;
    if (deadline.isPresent()) {
      Duration left = deadline.get().left();
      if (left.compareTo(TOO_LITTLE_LEFT) < 0) {
        throw new TransientException("hub " + spec.name() + ": the deadline passed before " + where + " could be sent");
      }
      wait = left.compareTo(wait) < 0 ? left : wait;
    }
    try (HttpResponse response = pipeline.sendSync(request, new Context(RESPONSE_TIMEOUT, wait))) {
      Map<String, String> responseHeaders = new LinkedHashMap<>();
      for (HttpHeader h : response.getHeaders()) {
        responseHeaders.put(h.getName(), h.getValue());
      }
      byte[] bytes = response.getBodyAsBinaryData() == null ? new byte[0] : response.getBodyAsBinaryData().toBytes();
      JsonNode json = bytes.length == 0 ? null : JSON.readTree(bytes);
      ArmResponse answer = new ArmResponse(response.getStatusCode(), responseHeaders, json);
      if (raw && answer.status() != 401 && answer.status() != 403) {
        return answer;
      }
      return check(method, url, answer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ArmCallException | TransientException | ConflictException | UnreachableException e) {
      throw e;
    } catch (RuntimeException e) {
      if (timedOut(e)) {
        // the server held its answer longer than we could wait: for the engine a transient error, bounded by the deadline
        throw new TransientException("hub " + spec.name() + ": " + where + ": no answer within " + Durations.human(wait)
            + (deadline.isPresent() && wait.compareTo(MAX_WAIT_FOR_ANSWER) < 0 ? " (the time left before the step's deadline)" : ""), e);
      }
      if (e instanceof UncheckedIOException io) {
        throw io;
      }
      if (HubErrors.isAuthenticationFailure(e)) {
        throw new UnreachableException("hub " + spec.name() + ": cannot authenticate service principal " + spec.clientId()
            + " at its " + spec.identitySystem() + " login endpoint: " + HubErrors.rootMessage(e), e);
      }
      throw HubErrors.unreachable(spec, method + " " + url.replaceAll("\\?.*", ""), e);
    }
  }

  /** An answer not received in time (not a connection that could not be opened: that one is unreachable). */
  private static boolean timedOut(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof HttpTimeoutException && !(t instanceof HttpConnectTimeoutException)) {
        return true;
      }
    }
    return false;
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
    throw new ArmCallException(status, code, "hub " + spec.name() + ": " + code + ": " + message,
        answer.body() == null ? null : answer.body().get("error"));
  }
}
