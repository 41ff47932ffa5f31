package io.stamprelease.plugin.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.casc.misc.ConfiguredWithCode;
import io.jenkins.plugins.casc.misc.JenkinsConfiguredWithCodeRule;
import io.jenkins.plugins.casc.misc.junit.jupiter.WithJenkinsConfiguredWithCode;
import io.stamprelease.plugin.hubs.HubEntry;
import io.stamprelease.plugin.hubs.StampReleaseHubs;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@WithJenkinsConfiguredWithCode
@DisplayName("Stamp Release hubs from Configuration as Code")
class HubsConfigurationAsCodeTest {
  @Test
  @ConfiguredWithCode("hubs-casc.yaml")
  @DisplayName("YAML hubs and GSLB lists become the global configuration, every field set")
  void hubsFromYaml(JenkinsConfiguredWithCodeRule j) throws Exception {
    assertThat(StampReleaseHubs.get().getHubs()).extracting(HubEntry::getName).containsExactly("seattle", "denver");
    HubEntry seattle = StampReleaseHubs.get().hub("seattle").orElseThrow();
    assertThat(seattle.getArmEndpoint()).isEqualTo("https://management.seattle.contoso.local/");
    assertThat(seattle.getIdentitySystem()).isEqualTo("adfs");
    assertThat(seattle.getSubscription()).isEqualTo("11111111-2222-3333-4444-555555555555");
    assertThat(seattle.getCredentialsId()).isEqualTo("sp-seattle");
    assertThat(seattle.getProxy()).isEqualTo("http://proxy.contoso.local:3128");
    assertThat(seattle.getNoProxy()).isEqualTo(".contoso.local");
    assertThat(seattle.getCaCertificate()).startsWith("-----BEGIN CERTIFICATE-----");
    assertThat(seattle.problems()).isEmpty();
    HubEntry denver = StampReleaseHubs.get().hub("denver").orElseThrow();
    assertThat(denver.getIdentitySystem()).isEqualTo("azure_ad");
    assertThat(denver.getTenant()).isEqualTo("contoso.onmicrosoft.com");
    assertThat(denver.getClientId()).isEqualTo("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");
    assertThat(StampReleaseHubs.get().getGslbs()).singleElement().satisfies(g -> {
      assertThat(g.getName()).isEqualTo("lab-bigip");
      assertThat(g.getUrl()).isEqualTo("https://bigip-dns.lab.contoso.local/");
      assertThat(g.getCredentialsId()).isEqualTo("bigip-stamp-release");
      assertThat(g.getPool()).isEqualTo("/Common/stamp-release-app");
      assertThat(g.getCaCertificate()).startsWith("-----BEGIN CERTIFICATE-----");
      assertThat(g.problems()).as("core's GSLB rules, the CA bundle parsed").isEmpty();
    });
    assertThat(StampReleaseHubs.get().gslb("lab-bigip")).isPresent();
  }
}
