package io.stamprelease.testkit.arm;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.identity.ClientCertificateCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * A client that is NOT the product: the Azure SDK's own pieces (azure-identity, azure-core pipeline and
 * retry policy), used to check that the fake ARM satisfies real peers.
 */
final class ArmTestClient {
  final HttpClient http;
  final HttpPipeline pipeline;
  final String baseUrl;

  private ArmTestClient(HttpClient http, HttpPipeline pipeline, String baseUrl) {
    this.http = http;
    this.pipeline = pipeline;
    this.baseUrl = baseUrl;
  }

  static HttpClient trusting(SSLContext ssl) {
    return new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(ssl)).build();
  }

  static TokenCredential secretCredential(FakeArm arm, HttpClient http, String clientId, String secret) {
    TokenService tokens = arm.tokens();
    ClientSecretCredentialBuilder builder = new ClientSecretCredentialBuilder().clientId(clientId).clientSecret(secret)
        .tenantId(tokens.tenantId()).httpClient(http).disableInstanceDiscovery();
    return builder.authorityHost(authorityHost(tokens)).build();
  }

  static TokenCredential certificateCredential(FakeArm arm, HttpClient http, String clientId, String pem) {
    TokenService tokens = arm.tokens();
    return new ClientCertificateCredentialBuilder().clientId(clientId)
        .pemCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)))
        .tenantId(tokens.tenantId()).httpClient(http).disableInstanceDiscovery().authorityHost(authorityHost(tokens)).build();
  }

  /** ADFS: authority host = login endpoint without "adfs" (azure-identity appends the tenant "adfs"). */
  static String authorityHost(TokenService tokens) {
    String login = tokens.loginEndpoint();
    return tokens.system() == IdentitySystem.ADFS ? login.substring(0, login.length() - "adfs/".length()) : login;
  }

  static ArmTestClient create(FakeArm arm, HttpClient http, TokenCredential credential) {
    RetryOptions retry = new RetryOptions(new ExponentialBackoffOptions().setMaxRetries(4)
        .setBaseDelay(Duration.ofMillis(10)).setMaxDelay(Duration.ofSeconds(3)));
    HttpPipeline pipeline = new HttpPipelineBuilder().httpClient(http)
        .policies(new RetryPolicy(retry), new BearerTokenAuthenticationPolicy(credential, arm.tokens().audience() + "/.default"))
        .build();
    return new ArmTestClient(http, pipeline, arm.baseUrl());
  }

  record Result(int status, JsonNode body, HttpResponse response) {
    String header(String name) {
      return response.getHeaderValue(com.azure.core.http.HttpHeaderName.fromString(name));
    }
  }

  Result send(HttpMethod method, String pathAndQuery, String body) {
    HttpRequest request = new HttpRequest(method, baseUrl + pathAndQuery);
    if (body != null) {
      request.setBody(body).setHeader(com.azure.core.http.HttpHeaderName.CONTENT_TYPE, "application/json");
    }
    try (HttpResponse response = pipeline.sendSync(request, com.azure.core.util.Context.NONE)) {
      String text = response.getBodyAsBinaryData() == null ? "" : response.getBodyAsBinaryData().toString();
      JsonNode json = text.isBlank() ? null : Json.MAPPER.readTree(text);
      return new Result(response.getStatusCode(), json, response);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
