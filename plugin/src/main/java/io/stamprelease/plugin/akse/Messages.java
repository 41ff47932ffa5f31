package io.stamprelease.plugin.akse;

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

  /** AkseDeployStep.DisplayName */
  public static String AkseDeployStep_DisplayName() {
    return HOLDER.format("AkseDeployStep.DisplayName");
  }

  /** AkseScaleStep.DisplayName */
  public static String AkseScaleStep_DisplayName() {
    return HOLDER.format("AkseScaleStep.DisplayName");
  }

  /** AkseDeployStep.HubRequired */
  public static String AkseDeployStep_HubRequired() {
    return HOLDER.format("AkseDeployStep.HubRequired");
  }

  /** AkseDeployStep.HubUnknown */
  public static String AkseDeployStep_HubUnknown(Object arg0) {
    return HOLDER.format("AkseDeployStep.HubUnknown", arg0);
  }
}
