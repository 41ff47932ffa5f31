package io.stamprelease.core.clients.hub;

import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Builds the azure-core HTTP client every call to a hub goes through (ARM and its identity provider):
 * the JDK client — no Netty, which would clash with the Netty of fabric8's Vert.x — trusting the hub's
 * {@link TrustBundle} and using its proxy. The same client must be given to the credential, or token
 * requests to an ADFS endpoint signed by an enterprise CA would fail while ARM calls succeed.
 */
public final class ArmHttpClients {
  private ArmHttpClients() {
  }

  public static HttpClient create(TrustBundle trust) {
    return create(trust.sslContext(), null);
  }

  public static HttpClient create(TrustBundle trust, ProxySettings proxy) {
    return create(trust.sslContext(), proxy);
  }

  /**
   * Skips certificate verification. Only for a user's explicit {@code insecureSkipTlsVerify}; the warning
   * is printed on every use, because tokens sent over such a connection can be stolen.
   */
  public static HttpClient insecure(String hubName, ProxySettings proxy, Consumer<String> warn) {
    warn.accept("WARNING: TLS certificate verification is disabled for hub '" + hubName
        + "' (insecureSkipTlsVerify); credentials sent to it can be intercepted. Configure its CA with caFile instead.");
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      }}, new SecureRandom());
      return create(context, proxy);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static HttpClient create(SSLContext ssl, ProxySettings proxy) {
    java.net.http.HttpClient.Builder jdk = java.net.http.HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(20));
    if (proxy != null) {
      jdk.proxy(proxy.selector());
    }
    return new JdkHttpClientBuilder(jdk).build();
  }
}
