package io.stamprelease.core.hub;

import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import java.time.Duration;

/**
 * Builds the azure-core HTTP client every call to a hub goes through (ARM and its identity provider):
 * the JDK client — no Netty, which would clash with the Netty of fabric8's Vert.x — trusting the hub's
 * {@link TrustBundle}. The same client must be given to the credential, or token requests to an ADFS
 * endpoint signed by an enterprise CA would fail while ARM calls succeed.
 */
public final class ArmHttpClients {
  private ArmHttpClients() {
  }

  public static HttpClient create(TrustBundle trust) {
    java.net.http.HttpClient.Builder jdk = java.net.http.HttpClient.newBuilder()
        .sslContext(trust.sslContext())
        .connectTimeout(Duration.ofSeconds(20));
    return new JdkHttpClientBuilder(jdk).build();
  }
}
