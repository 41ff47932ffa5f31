package io.stamprelease.testkit.arm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.rest.Response;
import com.azure.core.http.rest.SimpleResponse;
import com.azure.core.util.BinaryData;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.PollingStrategyOptions;
import com.azure.core.util.polling.SyncOperationResourcePollingStrategy;
import com.azure.core.util.polling.SyncPoller;
import com.azure.core.util.serializer.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stamprelease.testkit.arm.AksEngineTemplates.Cluster;
import io.stamprelease.testkit.tls.TestCertificateAuthority;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The fake ARM, checked against the Azure SDK's own identity, pipeline and LRO poller")
class FakeArmConformanceTest {
  static final String SUB = "11111111-2222-3333-4444-555555555555";
  static final String CLIENT = "6d9a4d4c-0000-4000-8000-0000000000a1";
  static final String SECRET = "s3cr3t-value-never-logged";
  static final Cluster CLUSTER = Cluster.of("stamp1", "31415926", 3, Map.of("agentpool1", 3));

  static TestCertificateAuthority ca;
  static ScheduledExecutorService scheduler;
  static FakeArm adfsHub;
  static HttpClient http;
  static final List<String> createdVms = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startHub() {
    ca = TestCertificateAuthority.create("conformance CA");
    scheduler = Executors.newScheduledThreadPool(2);
    adfsHub = hub(new TokenService(IdentitySystem.ADFS, null, "https://management.adfs.azurestack.local/4c11d6d6-0000"));
    adfsHub.hooks(new ResourceHooks() {
      @Override
      public void virtualMachineCreated(ObjectNode vm) {
        createdVms.add(vm.path("name").asText());
      }
    });
    adfsHub.tokens().registerClientSecret(CLIENT, SECRET);
    http = ArmTestClient.trusting(ca.clientContext());
  }

  static FakeArm hub(TokenService tokens) {
    var cert = ca.issueServer("localhost", List.of("localhost"), List.of("127.0.0.1"));
    return FakeArm.hub("hub", "local", "azurestack.sim", SUB, tokens, cert,
        new ArmTimings(Duration.ofMillis(600), Duration.ofMillis(100), 1), scheduler, false).start();
  }

  @AfterAll
  static void stopHub() {
    adfsHub.close();
    scheduler.shutdownNow();
  }

  static ArmTestClient client() {
    return ArmTestClient.create(adfsHub, http, ArmTestClient.secretCredential(adfsHub, http, CLIENT, SECRET));
  }

  static String rg(String name) {
    return "/subscriptions/" + SUB + "/resourcegroups/" + name;
  }

  static void putResourceGroup(ArmTestClient client, String name) {
    assertThat(client.send(HttpMethod.PUT, rg(name) + "?api-version=2019-10-01", "{\"location\":\"local\"}").status()).isIn(200, 201);
  }

  @Nested
  @DisplayName("metadata endpoint")
  class Metadata {
    @Test
    @DisplayName("api-version 1.0 answers the object form with the login endpoint and audiences, without a token")
    void objectForm() {
      // Given an anonymous pipeline
      var anonymous = new com.azure.core.http.HttpPipelineBuilder().httpClient(http).build();
      // When
      var response = anonymous.sendSync(new com.azure.core.http.HttpRequest(HttpMethod.GET,
          adfsHub.baseUrl() + "/metadata/endpoints?api-version=1.0"), com.azure.core.util.Context.NONE);
      JsonNode doc = BinaryData.fromString(response.getBodyAsBinaryData().toString()).toObject(JsonNode.class);
      // Then
      assertThat(response.getStatusCode()).isEqualTo(200);
      assertThat(doc.at("/authentication/loginEndpoint").asText()).isEqualTo(adfsHub.baseUrl() + "/adfs/");
      assertThat(doc.at("/authentication/audiences/0").asText()).isEqualTo("https://management.adfs.azurestack.local/4c11d6d6-0000");
      assertThat(doc.path("portalEndpoint").asText()).startsWith("https://portal.local.");
    }

    @Test
    @DisplayName("api-version 2019-10-01 answers the array form the hybrid SDKs read")
    void arrayForm() {
      var anonymous = new com.azure.core.http.HttpPipelineBuilder().httpClient(http).build();
      var response = anonymous.sendSync(new com.azure.core.http.HttpRequest(HttpMethod.GET,
          adfsHub.baseUrl() + "/metadata/endpoints?api-version=2019-10-01"), com.azure.core.util.Context.NONE);
      JsonNode doc = BinaryData.fromString(response.getBodyAsBinaryData().toString()).toObject(JsonNode.class);
      assertThat(doc.isArray()).isTrue();
      assertThat(doc.at("/0/authentication/audiences/0").asText()).startsWith("https://management.adfs");
      assertThat(doc.at("/0/suffixes/storage").asText()).isEqualTo("local.azurestack.sim");
    }
  }

  @Nested
  @DisplayName("identity")
  class Identity {
    @Test
    @DisplayName("azure-identity's ClientSecretCredential gets an ADFS token (tenant 'adfs') that ARM accepts")
    void adfsClientSecret() {
      // Given / When
      ArmTestClient client = client();
      putResourceGroup(client, "rg-identity");
      // Then
      assertThat(client.send(HttpMethod.GET, rg("rg-identity") + "?api-version=2019-10-01", null).body().path("name").asText())
          .isEqualTo("rg-identity");
    }

    @Test
    @DisplayName("a wrong client secret fails at the token endpoint and ARM sees no request")
    void wrongSecret() {
      // Given
      adfsHub.journal().clear();
      ArmTestClient client = ArmTestClient.create(adfsHub, http, ArmTestClient.secretCredential(adfsHub, http, CLIENT, "wrong"));
      // When / Then
      assertThatThrownBy(() -> client.send(HttpMethod.GET, rg("x") + "?api-version=2019-10-01", null))
          .hasMessageContaining("MSIS9622");
      assertThat(adfsHub.journal().entries()).allMatch(e -> TokenService.isTokenPath(e.path()) || e.path().contains("openid"));
    }

    @Test
    @DisplayName("a request without a bearer token is refused with 401 and a WWW-Authenticate challenge")
    void missingToken() {
      var anonymous = new com.azure.core.http.HttpPipelineBuilder().httpClient(http).build();
      var response = anonymous.sendSync(new com.azure.core.http.HttpRequest(HttpMethod.GET,
          adfsHub.baseUrl() + rg("x") + "?api-version=2019-10-01"), com.azure.core.util.Context.NONE);
      assertThat(response.getStatusCode()).isEqualTo(401);
      assertThat(response.getHeaderValue(com.azure.core.http.HttpHeaderName.WWW_AUTHENTICATE)).contains("authorization_uri=\"" + adfsHub.baseUrl() + "/adfs\"");
      assertThat(response.getBodyAsBinaryData().toString()).contains("AuthenticationFailed");
    }

    @Test
    @DisplayName("an Azure AD hub accepts azure-identity's ClientCertificateCredential (signed client assertion)")
    void aadClientCertificate() {
      // Given an AAD hub and a service principal registered with a certificate
      try (FakeArm aad = hub(new TokenService(IdentitySystem.AZURE_AD, "72f988bf-0000-4000-8000-000000000001",
          "https://management.contoso.onmicrosoft.com/9d4f6d1c"))) {
        var cert = TestCertificateAuthority.selfSignedClient("stamp-release-sp");
        aad.tokens().registerClientCertificate(CLIENT, cert.certificate());
        String pem = cert.privateKeyPem() + cert.certificatePem();
        ArmTestClient client = ArmTestClient.create(aad, http, ArmTestClient.certificateCredential(aad, http, CLIENT, pem));
        // When
        var result = client.send(HttpMethod.PUT, rg("rg-aad") + "?api-version=2019-10-01", "{\"location\":\"local\"}");
        // Then
        assertThat(result.status()).isEqualTo(201);
      }
    }
  }

  @Nested
  @DisplayName("api-versions")
  class ApiVersions {
    @Test
    @DisplayName("a public-Azure api-version on deployments is refused with NoRegisteredProviderFound, as Hub does")
    void newestVersionRefused() {
      var result = client().send(HttpMethod.GET, rg("any") + "/providers/Microsoft.Resources/deployments/d?api-version=2025-04-01", null);
      assertThat(result.status()).isEqualTo(400);
      assertThat(result.body().at("/error/code").asText()).isEqualTo("NoRegisteredProviderFound");
      assertThat(result.body().at("/error/message").asText()).contains("'2025-04-01'").contains("2019-10-01");
    }

    @Test
    @DisplayName("a missing api-version is refused with MissingApiVersionParameter")
    void missingVersion() {
      var result = client().send(HttpMethod.GET, rg("any"), null);
      assertThat(result.status()).isEqualTo(400);
      assertThat(result.body().at("/error/code").asText()).isEqualTo("MissingApiVersionParameter");
    }
  }

  @Nested
  @DisplayName("template deployments")
  class Deployments {
    @Test
    @DisplayName("azure-core's own LRO poller drives an AKS Engine deployment to Succeeded; the pool's VMs, NICs and disks exist")
    void pollerCompletesDeployment() {
      // Given
      ArmTestClient client = client();
      putResourceGroup(client, "rg-aks");
      String url = client.baseUrl + rg("rg-aks") + "/providers/Microsoft.Resources/deployments/cluster-1?api-version=2019-10-01";
      String body = AksEngineTemplates.deploymentBody(AksEngineTemplates.template(CLUSTER), AksEngineTemplates.parameters(CLUSTER),
          "Incremental").toString();
      // When the SDK's operation-resource polling strategy follows Azure-AsyncOperation, honouring Retry-After
      SyncPoller<BinaryData, BinaryData> poller = SyncPoller.createPoller(Duration.ofSeconds(1), () -> {
        var r = client.send(HttpMethod.PUT, url.substring(client.baseUrl.length()), body);
        return (Response<?>) new SimpleResponse<>(r.response().getRequest(), r.status(), r.response().getHeaders(),
            BinaryData.fromString(r.body().toString()));
      }, new SyncOperationResourcePollingStrategy<>(com.azure.core.http.HttpHeaderName.fromString("Azure-AsyncOperation"),
          new PollingStrategyOptions(client.pipeline)), TypeReference.createInstance(BinaryData.class),
          TypeReference.createInstance(BinaryData.class));
      PollResponse<BinaryData> last = poller.waitForCompletion(Duration.ofSeconds(30));
      // Then
      assertThat(last.getStatus()).isEqualTo(LongRunningOperationStatus.SUCCESSFULLY_COMPLETED);
      JsonNode deployment = client.send(HttpMethod.GET, url.substring(client.baseUrl.length()), null).body();
      assertThat(deployment.at("/properties/provisioningState").asText()).isEqualTo("Succeeded");
      assertThat(deployment.at("/properties/outputs/masterFQDN/value").asText()).isEqualTo("stamp1.local.cloudapp.azurestack.sim");
      assertThat(deployment.at("/properties/parameters/servicePrincipalClientSecret").has("value")).isFalse();
      JsonNode vms = client.send(HttpMethod.GET, rg("rg-aks") + "/providers/Microsoft.Compute/virtualMachines?api-version=2020-06-01", null).body();
      assertThat(vms.findValuesAsText("name")).contains("k8s-agentpool1-31415926-0", "k8s-agentpool1-31415926-2", "k8s-master-31415926-0");
      assertThat(vms.path("value").get(0).at("/tags/resourceNameSuffix").asText()).isEqualTo("31415926");
      assertThat(adfsHub.resources().exists(rg("rg-aks") + "/providers/Microsoft.Network/networkInterfaces/k8s-agentpool1-31415926-nic-2")).isTrue();
      assertThat(createdVms).contains("k8s-agentpool1-31415926-1");
    }

    @Test
    @DisplayName("an injected failure ends the LRO Failed and the failed operation carries the nested CSE error")
    void failedDeploymentListsOperations() {
      // Given
      ArmTestClient client = client();
      putResourceGroup(client, "rg-fail");
      adfsHub.faults().failNextDeploymentWithCseExit50();
      String path = rg("rg-fail") + "/providers/Microsoft.Resources/deployments/cluster-f?api-version=2019-10-01";
      var put = client.send(HttpMethod.PUT, path, AksEngineTemplates.deploymentBody(AksEngineTemplates.template(CLUSTER),
          AksEngineTemplates.parameters(CLUSTER), "Incremental").toString());
      assertThat(put.status()).isEqualTo(201);
      assertThat(put.header("Retry-After")).isEqualTo("1");
      // When the operation status is polled to its end (other deployments finishing meanwhile keep their own fate)
      String status = put.header("Azure-AsyncOperation").substring(client.baseUrl.length());
      JsonNode doc = pollUntilTerminal(client, status);
      // Then
      assertThat(doc.path("status").asText()).isEqualTo("Failed");
      assertThat(doc.at("/error/code").asText()).isEqualTo("DeploymentFailed");
      JsonNode ops = client.send(HttpMethod.GET, path.replace("?", "/operations?"), null).body().path("value");
      JsonNode failed = null;
      for (JsonNode op : ops) {
        if (op.at("/properties/provisioningState").asText().equals("Failed")) {
          failed = op;
        }
      }
      assertThat(failed).isNotNull();
      assertThat(failed.at("/properties/statusMessage/error/code").asText()).isEqualTo("VMExtensionProvisioningError");
      assertThat(failed.at("/properties/statusMessage/error/message").asText()).contains("exit status=50");
      assertThat(failed.at("/properties/targetResource/resourceType").asText()).isEqualTo("Microsoft.Compute/virtualMachines");
    }

    @Test
    @DisplayName("a second PUT while the deployment runs is refused with DeploymentActive")
    void concurrentPutRefused() {
      ArmTestClient client = client();
      putResourceGroup(client, "rg-twice");
      String path = rg("rg-twice") + "/providers/Microsoft.Resources/deployments/d?api-version=2019-10-01";
      String body = AksEngineTemplates.deploymentBody(AksEngineTemplates.template(CLUSTER), AksEngineTemplates.parameters(CLUSTER),
          "Incremental").toString();
      assertThat(client.send(HttpMethod.PUT, path, body).status()).isEqualTo(201);
      var second = client.send(HttpMethod.PUT, path, body);
      assertThat(second.status()).isEqualTo(409);
      assertThat(second.body().at("/error/code").asText()).isEqualTo("DeploymentActive");
    }

    @Test
    @DisplayName("validate checks a deployment without running it; cancel stops a running one, once")
    void validateAndCancel() {
      // Given
      ArmTestClient client = client();
      putResourceGroup(client, "rg-cancel");
      String base = rg("rg-cancel") + "/providers/Microsoft.Resources/deployments/c";
      String body = AksEngineTemplates.deploymentBody(AksEngineTemplates.template(CLUSTER), AksEngineTemplates.parameters(CLUSTER),
          "Incremental").toString();
      // When validated
      var validated = client.send(HttpMethod.POST, base + "/validate?api-version=2019-10-01", body);
      // Then nothing exists yet
      assertThat(validated.status()).isEqualTo(200);
      assertThat(validated.body().at("/properties/templateHash").asText()).isNotBlank();
      assertThat(client.send(HttpMethod.GET, base + "?api-version=2019-10-01", null).status()).isEqualTo(404);
      // When started and cancelled
      assertThat(client.send(HttpMethod.PUT, base + "?api-version=2019-10-01", body).status()).isEqualTo(201);
      assertThat(client.send(HttpMethod.POST, base + "/cancel?api-version=2019-10-01", null).status()).isEqualTo(204);
      // Then it is Canceled, and a second cancel is refused
      assertThat(client.send(HttpMethod.GET, base + "?api-version=2019-10-01", null).body().at("/properties/provisioningState").asText())
          .isEqualTo("Canceled");
      var again = client.send(HttpMethod.POST, base + "/cancel?api-version=2019-10-01", null);
      assertThat(again.status()).isEqualTo(409);
      assertThat(again.body().at("/error/code").asText()).isEqualTo("DeploymentCannotBeCancelled");
    }

    @Test
    @DisplayName("what-if is not served by a hub (no Hub document confirms it), so callers fall back to validate")
    void whatIfNotServed() {
      ArmTestClient client = client();
      putResourceGroup(client, "rg-whatif");
      var r = client.send(HttpMethod.POST, rg("rg-whatif") + "/providers/Microsoft.Resources/deployments/w/whatIf?api-version=2019-10-01",
          AksEngineTemplates.deploymentBody(AksEngineTemplates.template(CLUSTER), AksEngineTemplates.parameters(CLUSTER), "Incremental").toString());
      assertThat(r.status()).isEqualTo(404);
      assertThat(r.body().at("/error/code").asText()).isEqualTo("InvalidResourceType");
    }

    @Test
    @DisplayName("a parameter the template does not declare is refused with InvalidTemplate before anything runs")
    void undeclaredParameter() {
      ArmTestClient client = client();
      putResourceGroup(client, "rg-bad");
      ObjectNode params = AksEngineTemplates.parameters(CLUSTER);
      params.putObject("notInTemplate").put("value", 1);
      var result = client.send(HttpMethod.PUT, rg("rg-bad") + "/providers/Microsoft.Resources/deployments/d?api-version=2019-10-01",
          AksEngineTemplates.deploymentBody(AksEngineTemplates.template(CLUSTER), params, "Incremental").toString());
      assertThat(result.status()).isEqualTo(400);
      assertThat(result.body().at("/error/code").asText()).isEqualTo("InvalidTemplate");
      assertThat(result.body().at("/error/message").asText()).contains("'notInTemplate'");
    }

    @Test
    @DisplayName("the journal keeps deployment bodies with the service principal secret redacted")
    void journalRedactsSecrets() {
      ArmTestClient client = client();
      putResourceGroup(client, "rg-journal");
      client.send(HttpMethod.PUT, rg("rg-journal") + "/providers/Microsoft.Resources/deployments/j?api-version=2019-10-01",
          AksEngineTemplates.deploymentBody(AksEngineTemplates.template(CLUSTER), AksEngineTemplates.parameters(CLUSTER), "Incremental").toString());
      JournalEntry put = adfsHub.journal().writes().stream().filter(e -> e.path().endsWith("/deployments/j")).findFirst().orElseThrow();
      assertThat(put.apiVersion()).isEqualTo("2019-10-01");
      assertThat(put.body()).contains("servicePrincipalClientSecret").doesNotContain("simulated-sp-secret").contains("[redacted]");
      assertThat(adfsHub.journal().entries()).noneMatch(e -> String.valueOf(e.body()).contains(SECRET));
    }
  }

  @Nested
  @DisplayName("faults and deletes")
  class Faults {
    @Test
    @DisplayName("429 with Retry-After is survived by azure-core's RetryPolicy, and the journal shows the throttled call")
    void throttling() {
      ArmTestClient client = client();
      putResourceGroup(client, "rg-429");
      adfsHub.faults().throttle("GET /subscriptions/" + SUB + "/resourcegroups/rg-429", 2, 1);
      var result = client.send(HttpMethod.GET, rg("rg-429") + "?api-version=2019-10-01", null);
      assertThat(result.status()).isEqualTo(200);
      assertThat(adfsHub.journal().count(e -> e.path().endsWith("/rg-429") && e.status() == 429)).isEqualTo(2);
    }

    @Test
    @DisplayName("a dropped connection is retried by the SDK and succeeds")
    void droppedConnection() {
      ArmTestClient client = client();
      putResourceGroup(client, "rg-drop");
      adfsHub.faults().dropConnections("GET /subscriptions/" + SUB + "/resourcegroups/rg-drop", 1);
      assertThat(client.send(HttpMethod.GET, rg("rg-drop") + "?api-version=2019-10-01", null).status()).isEqualTo(200);
      assertThat(adfsHub.journal().count(e -> e.path().endsWith("/rg-drop") && e.status() == 0)).isEqualTo(1);
    }

    @Test
    @DisplayName("a NIC attached to a VM cannot be deleted (NicInUse); after the VM's delete LRO it can")
    void deleteOrder() {
      // Given a deployed pool
      ArmTestClient client = client();
      putResourceGroup(client, "rg-del");
      String dep = rg("rg-del") + "/providers/Microsoft.Resources/deployments/c?api-version=2019-10-01";
      var put = client.send(HttpMethod.PUT, dep, AksEngineTemplates.deploymentBody(AksEngineTemplates.template(CLUSTER),
          AksEngineTemplates.parameters(CLUSTER), "Incremental").toString());
      pollUntilTerminal(client, put.header("Azure-AsyncOperation").substring(client.baseUrl.length()));
      String nic = rg("rg-del") + "/providers/Microsoft.Network/networkInterfaces/k8s-agentpool1-31415926-nic-2?api-version=2018-11-01";
      String vm = rg("rg-del") + "/providers/Microsoft.Compute/virtualMachines/k8s-agentpool1-31415926-2?api-version=2020-06-01";
      // When / Then
      var refused = client.send(HttpMethod.DELETE, nic, null);
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.body().at("/error/code").asText()).isEqualTo("NicInUse");
      var vmDelete = client.send(HttpMethod.DELETE, vm, null);
      assertThat(vmDelete.status()).isEqualTo(202);
      assertThat(pollUntilTerminal(client, vmDelete.header("Azure-AsyncOperation").substring(client.baseUrl.length())).path("status").asText())
          .isEqualTo("Succeeded");
      assertThat(client.send(HttpMethod.GET, vm, null).status()).isEqualTo(404);
      assertThat(client.send(HttpMethod.DELETE, nic, null).status()).isEqualTo(202);
    }
  }

  /** Polls an Azure-AsyncOperation URL, waiting Retry-After between polls, until a terminal status (30 s deadline). */
  static JsonNode pollUntilTerminal(ArmTestClient client, String statusPath) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      var r = client.send(HttpMethod.GET, statusPath, null);
      String status = r.body().path("status").asText();
      if (List.of("Succeeded", "Failed", "Canceled").contains(status)) {
        return r.body();
      }
      String retryAfter = r.header("Retry-After");
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofSeconds(retryAfter == null ? 1 : Long.parseLong(retryAfter)).toNanos());
    }
    throw new AssertionError("operation did not finish in 30 s: " + statusPath);
  }
}
