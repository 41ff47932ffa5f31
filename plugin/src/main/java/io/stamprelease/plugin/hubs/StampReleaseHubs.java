package io.stamprelease.plugin.hubs;

import hudson.Extension;
import hudson.ExtensionList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jenkins.model.GlobalConfiguration;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * "Stamp Release hubs" in Manage Jenkins → System: the hubs the steps can name. Configuration as Code sets it as
 * {@code unclassified: stampReleaseHubs: hubs: - name: seattle …}.
 */
@Extension
@Symbol("stampReleaseHubs")
public class StampReleaseHubs extends GlobalConfiguration {
  private List<HubEntry> hubs = new ArrayList<>();

  public StampReleaseHubs() {
    load();
  }

  public static StampReleaseHubs get() {
    return ExtensionList.lookupSingleton(StampReleaseHubs.class);
  }

  public List<HubEntry> getHubs() {
    return hubs;
  }

  @DataBoundSetter
  public void setHubs(List<HubEntry> hubs) {
    this.hubs = hubs == null ? new ArrayList<>() : new ArrayList<>(hubs);
    save();
  }

  public Optional<HubEntry> hub(String name) {
    return hubs.stream().filter(h -> h.getName() != null && h.getName().equals(name)).findFirst();
  }

  @Override
  public String getDisplayName() {
    return "Stamp Release hubs";
  }
}
