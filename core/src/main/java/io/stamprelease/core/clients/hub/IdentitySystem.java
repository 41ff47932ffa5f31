package io.stamprelease.core.clients.hub;

import java.util.Locale;

/** How a hub authenticates service principals: Azure AD (connected hubs, public Azure) or the hub's own ADFS. */
public enum IdentitySystem {
  AZURE_AD, ADFS;

  /** Accepts {@code azure_ad}, {@code aad}, {@code adfs} (any case), as AKS Engine's apimodel and hubs.yaml spell them. */
  public static IdentitySystem parse(String value) {
    String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "azure_ad", "aad", "azuread", "azure-ad" -> AZURE_AD;
      case "adfs" -> ADFS;
      default -> throw new IllegalArgumentException("identitySystem must be azure_ad or adfs (was '" + value + "')");
    };
  }
}
