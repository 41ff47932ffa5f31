package io.stamprelease.plugin.hubs;

import hudson.Extension;
import hudson.ExtensionList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jenkins.model.GlobalConfiguration;
import org.jenkinsci.Symbol;
import net.sf.json.JSONObject;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.StaplerRequest2;

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

  /**
   * A repeatable list with no entry left sends no key at all, so a plain bind would keep the last hub or GSLB the
   * administrator deleted: bind an empty list for a missing key, so deleting the last entry deletes it.
   */
  @Override
  public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
    for (String list : List.of("hubs", "gslbs")) {
      if (!json.has(list)) {
        json.element(list, List.of());
      }
    }
    req.bindJSON(this, json);
    return true;
  }

  @Override
  public String getDisplayName() {
    return Messages.StampReleaseHubs_DisplayName();
  }
}
