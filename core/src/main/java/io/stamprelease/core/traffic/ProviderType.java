package io.stamprelease.core.traffic;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The traffic providers a {@code trafficShift} step can talk to, by their input value. */
public enum ProviderType {
  AZURE_TRAFFIC_MANAGER("azure-traffic-manager"), F5_GTM("f5-gtm");

  private final String value;

  ProviderType(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }

  public static Optional<ProviderType> parse(String text) {
    return Arrays.stream(values()).filter(p -> p.value.equals(text == null ? null : text.trim())).findFirst();
  }

  public static String allowed() {
    return Arrays.stream(values()).map(ProviderType::value).collect(Collectors.joining(" | "));
  }
}
