package io.stamprelease.core.clients.hub;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The outbound proxy for a hub's endpoints: explicit, or from {@code HTTPS_PROXY}/{@code NO_PROXY} (also
 * lower-case) the way curl and az read them. NO_PROXY entries are host names, domain suffixes (leading
 * dot optional) or {@code *}.
 */
public record ProxySettings(URI proxy, List<String> noProxy) {

  public static Optional<ProxySettings> fromEnvironment(Map<String, String> env) {
    String value = first(env, "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy");
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    URI uri;
    try {
      uri = URI.create(value.contains("://") ? value : "http://" + value);
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri == null || uri.getHost() == null) {
      // the value is not echoed: a proxy URL may carry a user and password
      throw io.stamprelease.core.input.InvalidInputException.of("proxy", HubSpec.Field.PROXY,
          "the environment's HTTPS_PROXY/HTTP_PROXY is not a proxy URL such as http://proxy.example:3128");
    }
    String no = first(env, "NO_PROXY", "no_proxy");
    return Optional.of(new ProxySettings(uri, no == null ? List.of() : Arrays.stream(no.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()));
  }

  private static String first(Map<String, String> env, String... names) {
    for (String n : names) {
      if (env.get(n) != null) {
        return env.get(n);
      }
    }
    return null;
  }

  public boolean bypasses(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    for (String entry : noProxy) {
      String e = entry.toLowerCase(Locale.ROOT);
      if (e.equals("*") || h.equals(e) || h.endsWith(e.startsWith(".") ? e : "." + e)) {
        return true;
      }
    }
    return false;
  }

  public ProxySelector selector() {
    Proxy http = new Proxy(Proxy.Type.HTTP, new InetSocketAddress(proxy.getHost(), proxy.getPort() < 0 ? 3128 : proxy.getPort()));
    return new ProxySelector() {
      @Override
      public List<Proxy> select(URI uri) {
        return bypasses(uri.getHost()) ? List.of(Proxy.NO_PROXY) : List.of(http);
      }

      @Override
      public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
        // the HTTP client reports the failure to the caller
      }
    };
  }

  @Override
  public String toString() {
    // never print proxy credentials
    return proxy.getScheme() + "://" + proxy.getHost() + (proxy.getPort() < 0 ? "" : ":" + proxy.getPort()) + (noProxy.isEmpty() ? "" : " (no proxy for " + noProxy + ")");
  }
}
