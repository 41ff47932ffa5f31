package io.stamprelease.core.traffic;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Traffic Manager's {@code endpointMonitorStatus}. The constants are spelled as ARM spells them, so
 * {@link #name()} is the wire value and messages read like the portal.
 */
public enum MonitorStatus {
  CheckingEndpoint, Online, Degraded, Disabled, Inactive, Stopped, Unmonitored;

  /** Case-insensitive, because hand-written inputs and other providers are not consistent about case. */
  public static MonitorStatus parse(String text) {
    if (text != null) {
      String wanted = text.trim().toLowerCase(Locale.ROOT);
      for (MonitorStatus s : values()) {
        if (s.name().toLowerCase(Locale.ROOT).equals(wanted)) {
          return s;
        }
      }
    }
    throw new IllegalArgumentException("unknown endpoint monitor status '" + text + "'; allowed: " + allowed());
  }

  public static String allowed() {
    return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
  }

  public boolean isOnline() {
    return this == Online;
  }
}
