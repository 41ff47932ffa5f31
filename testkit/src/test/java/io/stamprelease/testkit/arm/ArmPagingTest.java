package io.stamprelease.testkit.arm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.rest.PagedFlux;
import com.azure.core.http.rest.PagedIterable;
import com.azure.core.http.rest.PagedResponse;
import com.azure.core.http.rest.PagedResponseBase;
import com.fasterxml.jackson.databind.JsonNode;
import io.stamprelease.testkit.Await;
import io.stamprelease.testkit.arm.AksEngineTemplates.Cluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;

@DisplayName("Paging: every list the product reads can be served in small pages with an absolute nextLink, as ARM does")
class ArmPagingTest {
  static final String RG = "rg-pages";
  static final Cluster CLUSTER = Cluster.of("pages", "27182818", 3, Map.of("agentpool1", 3, "gpu", 1));
  static RawArm hub;

  @BeforeAll
  static void start() {
    hub = RawArm.start();
    hub.putResourceGroup(RG);
    for (String extra : List.of("rg-a", "rg-b", "rg-c", "rg-d")) {
      hub.putResourceGroup(extra);
    }
    hub.deployCluster(RG, "cluster", CLUSTER);
    for (int i = 1; i <= 4; i++) {
      hub.send("PUT", RawArm.deployment(RG, "small-" + i) + "?api-version=2019-10-01", RawArm.emptyBody());
      hub.awaitDeployment(RG, "small-" + i, "Succeeded");
    }
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @AfterEach
  void reset() {
    hub.arm.contract().reset();
    hub.arm.faults().clear();
  }

  static Stream<Arguments> lists() {
    String group = RawArm.rg(RG);
    return Stream.of(
        Arguments.of("virtual machines", group + "/providers/Microsoft.Compute/virtualMachines?api-version=2020-06-01"),
        Arguments.of("network interfaces", group + "/providers/Microsoft.Network/networkInterfaces?api-version=2018-11-01"),
        Arguments.of("managed disks", group + "/providers/Microsoft.Compute/disks?api-version=2019-07-01"),
        Arguments.of("availability sets", group + "/providers/Microsoft.Compute/availabilitySets?api-version=2020-06-01"),
        Arguments.of("deployments", group + "/providers/Microsoft.Resources/deployments?api-version=2019-10-01"),
        Arguments.of("deployment operations", RawArm.deployment(RG, "cluster") + "/operations?api-version=2019-10-01"),
        Arguments.of("resource groups", "/subscriptions/" + RawArm.SUB + "/resourcegroups?api-version=2019-10-01"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lists")
  @DisplayName("a list served two items a page: every nextLink is absolute, keeps the api-version, carries a $skiptoken, "
      + "and the pages together hold exactly the whole list")
  void pagesHoldTheWholeList(String what, String pathAndQuery) {
    // Given the list as one page
    List<String> whole = RawArm.ids(hub.allPages(pathAndQuery));
    assertThat(whole).as(what).hasSizeGreaterThanOrEqualTo(3);
    // When the hub serves two items a page
    hub.arm.contract().pageSize(2);
    List<RawArm.Answer> pages = hub.allPages(pathAndQuery);
    // Then
    assertThat(pages).hasSize((whole.size() + 1) / 2);
    assertThat(RawArm.ids(pages)).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(whole);
    String path = pathAndQuery.substring(0, pathAndQuery.indexOf('?'));
    for (RawArm.Answer page : pages.subList(0, pages.size() - 1)) {
      String next = page.body().path("nextLink").asText();
      assertThat(page.body().path("value")).hasSizeLessThanOrEqualTo(2);
      assertThat(next).startsWith(hub.arm.baseUrl() + path + "?");
      assertThat(RawArm.query(next)).containsEntry("api-version", RawArm.query(hub.arm.baseUrl() + pathAndQuery).get("api-version"))
          .containsKey("$skiptoken");
    }
    assertThat(pages.get(pages.size() - 1).body().has("nextLink")).isFalse();
  }

  @Test
  @DisplayName("a page size set for one route pages only the lists whose path matches it")
  void perRoutePageSize() {
    // Given
    hub.arm.contract().pageSize("virtualMachines", 1);
    // When
    List<RawArm.Answer> vms = hub.allPages(RawArm.rg(RG) + "/providers/Microsoft.Compute/virtualMachines?api-version=2020-06-01");
    List<RawArm.Answer> nics = hub.allPages(RawArm.rg(RG) + "/providers/Microsoft.Network/networkInterfaces?api-version=2018-11-01");
    // Then
    assertThat(vms).hasSize(7).allSatisfy(p -> assertThat(p.body().path("value")).hasSize(1));
    assertThat(nics).hasSize(1);
    assertThat(nics.get(0).body().path("value")).hasSize(7);
  }

  @Test
  @DisplayName("a first page with no items but a nextLink (which the RPC allows) still leads to every item")
  void emptyFirstPage() {
    // Given
    hub.arm.contract().pageSize(4).emptyFirstPage(true);
    // When
    List<RawArm.Answer> pages = hub.allPages(RawArm.rg(RG) + "/providers/Microsoft.Compute/virtualMachines?api-version=2020-06-01");
    // Then
    assertThat(pages.get(0).body().path("value")).isEmpty();
    assertThat(pages.get(0).body().path("nextLink").asText()).contains("%24skiptoken=");
    assertThat(RawArm.ids(pages)).hasSize(7).doesNotHaveDuplicates();
  }

  @Test
  @DisplayName("an item deleted between two page reads does not hide the items after it (the skip token is a continuation key)")
  void deletionBetweenPagesLosesNothing() {
    // Given the first page of resource groups, two a page
    for (String extra : List.of("rg-x1", "rg-x2", "rg-x3")) {
      hub.putResourceGroup(extra);
    }
    hub.arm.contract().pageSize(2);
    String list = "/subscriptions/" + RawArm.SUB + "/resourcegroups?api-version=2019-10-01";
    RawArm.Answer first = hub.get(list);
    List<String> firstIds = new ArrayList<>();
    first.body().path("value").forEach(v -> firstIds.add(v.path("name").asText()));
    // When a group of the first page is deleted before the next page is read
    String deleted = firstIds.get(0);
    assertThat(hub.send("DELETE", RawArm.rg(deleted) + "?api-version=2019-10-01", null).status()).isEqualTo(202);
    Await.until("group " + deleted + " deleted", Duration.ofSeconds(10),
        () -> hub.get(RawArm.rg(deleted) + "?api-version=2019-10-01").status() == 404);
    List<RawArm.Answer> rest = hub.allPages(first.body().path("nextLink").asText());
    // Then every group that still exists was listed exactly once
    List<String> seen = new ArrayList<>(RawArm.ids(List.of(first)));
    seen.addAll(RawArm.ids(rest));
    List<String> now = RawArm.ids(hub.allPages(list));
    assertThat(seen).doesNotHaveDuplicates().containsAll(now);
  }

  @Test
  @DisplayName("a $skiptoken the hub did not issue is refused with 400")
  void foreignSkipToken() {
    RawArm.Answer a = hub.get(RawArm.rg(RG) + "/providers/Microsoft.Compute/virtualMachines?api-version=2020-06-01&$skiptoken=bm90LW91cnM");
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.errorCode()).isEqualTo("InvalidSkipToken");
  }

  @Test
  @DisplayName("a page size below zero is refused when set, naming the allowed values")
  void negativePageSize() {
    assertThatThrownBy(() -> hub.arm.contract().pageSize(-1)).hasMessageContaining("page size must be 0 (no paging) or more");
  }

  @Test
  @DisplayName("azure-core's own PagedIterable, following nextLink through an azure-core pipeline, reads every VM one page at a time")
  void azureCorePagedIterable() {
    // Given a hub serving one VM a page, and a client made of the Azure SDK's pieces
    hub.arm.contract().pageSize(1);
    HttpClient http = ArmTestClient.trusting(hub.ca.clientContext());
    hub.arm.tokens().registerClientSecret(RawArm.CLIENT, "paging-secret");
    ArmTestClient client = ArmTestClient.create(hub.arm, http, ArmTestClient.secretCredential(hub.arm, http, RawArm.CLIENT, "paging-secret"));
    String first = hub.arm.baseUrl() + RawArm.rg(RG) + "/providers/Microsoft.Compute/virtualMachines?api-version=2020-06-01";
    // When
    PagedIterable<JsonNode> vms = new PagedIterable<>(new PagedFlux<>(
        () -> Mono.fromCallable(() -> page(client, first)),
        next -> Mono.fromCallable(() -> page(client, next))));
    // Then
    assertThat(vms.iterableByPage()).hasSize(7);
    assertThat(vms.stream().map(v -> v.path("name").asText()).toList())
        .containsExactlyInAnyOrder("k8s-master-27182818-0", "k8s-master-27182818-1", "k8s-master-27182818-2",
            "k8s-agentpool1-27182818-0", "k8s-agentpool1-27182818-1", "k8s-agentpool1-27182818-2", "k8s-gpu-27182818-0");
  }

  private static PagedResponse<JsonNode> page(ArmTestClient client, String url) {
    ArmTestClient.Result r = client.send(HttpMethod.GET, url.substring(client.baseUrl.length()), null);
    List<JsonNode> items = new ArrayList<>();
    r.body().path("value").forEach(items::add);
    String next = r.body().hasNonNull("nextLink") ? r.body().get("nextLink").asText() : null;
    return new PagedResponseBase<Void, JsonNode>(r.response().getRequest(), r.status(), r.response().getHeaders(), items, next, null);
  }
}
