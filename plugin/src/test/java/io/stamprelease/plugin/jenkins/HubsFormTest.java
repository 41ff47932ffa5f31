package io.stamprelease.plugin.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import io.stamprelease.plugin.hubs.HubEntry;
import io.stamprelease.plugin.hubs.StampReleaseHubs;
import java.util.List;
import net.sf.json.JSONObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;
import org.kohsuke.stapler.Stapler;

@WithJenkins
@DisplayName("the Stamp Release hubs form")
class HubsFormTest {
  @Test
  @DisplayName("deleting the last hub from the form deletes it (an empty repeatable list sends no key)")
  void lastHubCanBeDeleted(JenkinsRule j) throws Throwable {
    // Given one configured hub
    StampReleaseHubs.get().setHubs(List.of(new HubEntry("seattle", "https://management.seattle.example/", "adfs", "sub-1", "sp-seattle")));
    // When the form is submitted without any hub entry
    j.executeOnServer(() -> StampReleaseHubs.get().configure(Stapler.getCurrentRequest2(), new JSONObject()));
    // Then
    assertThat(StampReleaseHubs.get().getHubs()).isEmpty();
    assertThat(StampReleaseHubs.get().getGslbs()).isEmpty();
  }

  @Test
  @DisplayName("the configuration page round-trips the hubs unchanged")
  void roundTrip(JenkinsRule j) throws Exception {
    HubEntry hub = new HubEntry("seattle", "https://management.seattle.example/", "adfs", "sub-1", "sp-seattle");
    StampReleaseHubs.get().setHubs(List.of(hub));
    j.configRoundtrip();
    assertThat(StampReleaseHubs.get().getHubs()).hasSize(1);
    j.assertEqualDataBoundBeans(hub, StampReleaseHubs.get().getHubs().get(0));
  }

  @Test
  @DisplayName("the identity system drop-down offers ADFS and Azure AD and keeps an Azure AD hub's choice through the page")
  void identitySystemDropDown(JenkinsRule j) throws Exception {
    // Given an Azure AD hub
    HubEntry hub = new HubEntry("denver", "https://management.denver.example/", "azure_ad", "sub-2", "sp-denver");
    hub.setTenant("contoso.onmicrosoft.com");
    StampReleaseHubs.get().setHubs(List.of(hub));
    // When
    j.configRoundtrip();
    // Then: f:select takes its options from doFillIdentitySystemItems, and the page submits the current one back
    assertThat(j.jenkins.getDescriptorByType(HubEntry.DescriptorImpl.class).doFillIdentitySystemItems()).extracting(o -> o.value)
        .containsExactly("adfs", "azure_ad");
    j.assertEqualDataBoundBeans(hub, StampReleaseHubs.get().getHubs().get(0));
  }
}
