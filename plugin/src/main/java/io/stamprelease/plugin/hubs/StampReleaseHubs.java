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
 * "Stamp Release hubs" in Manage Jenkins → System: the hubs the steps can name, and the on-prem GSLBs (F5 BIG-IP DNS)
 * {@code trafficShift} can name. Configuration as Code sets it as
 * {@code unclassified: stampReleaseHubs: hubs: - name: seattle … gslbs: - name: lab-bigip …}.
 */
@Extension
@Symbol("stampReleaseHubs")
public class StampReleaseHubs extends GlobalConfiguration {
  private List<HubEntry> hubs = new ArrayList<>();
  private List<GslbEntry> gslbs = new ArrayList<>();

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

  /** Never null: a configuration saved before GSLBs existed has none. */
  public List<GslbEntry> getGslbs() {
    return gslbs == null ? List.of() : gslbs;
  }

  @DataBoundSetter
  public void setGslbs(List<GslbEntry> gslbs) {
    this.gslbs = gslbs == null ? new ArrayList<>() : new ArrayList<>(gslbs);
    save();
  }

  public Optional<GslbEntry> gslb(String name) {
    return getGslbs().stream().filter(g -> g.getName() != null && g.getName().equals(name)).findFirst();
  }

  @Override
  public String getDisplayName() {
    return "Stamp Release hubs";
  }
}
