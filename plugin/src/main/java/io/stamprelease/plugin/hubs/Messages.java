package io.stamprelease.plugin.hubs;

import org.jvnet.localizer.ResourceBundleHolder;

/**
 * The accessors of this package's {@code Messages.properties}, as Jenkins' localizer writes them: one method per key,
 * formatted in the locale of the request being served. Written here rather than generated, so the offline build and
 * the real-API check compile the same sources (plugin/README.md, "Messages"); {@code MessagesTest} keeps the methods and
 * the keys in step.
 */
public final class Messages {
  private static final ResourceBundleHolder HOLDER = ResourceBundleHolder.get(Messages.class);

  private Messages() {
  }

  /** StampReleaseHubs.DisplayName */
  public static String StampReleaseHubs_DisplayName() {
    return HOLDER.format("StampReleaseHubs.DisplayName");
  }

  /** HubEntry.DisplayName */
  public static String HubEntry_DisplayName() {
    return HOLDER.format("HubEntry.DisplayName");
  }

  /** GslbEntry.DisplayName */
  public static String GslbEntry_DisplayName() {
    return HOLDER.format("GslbEntry.DisplayName");
  }
}
