package io.stamprelease.plugin.helm;

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

  /** HelmRolloutStep.DisplayName */
  public static String HelmRolloutStep_DisplayName() {
    return HOLDER.format("HelmRolloutStep.DisplayName");
  }
}
