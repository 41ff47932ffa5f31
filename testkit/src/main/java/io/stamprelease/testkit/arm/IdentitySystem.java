package io.stamprelease.testkit.arm;

/** How a hub authenticates: its own ADFS (disconnected hubs) or Azure AD (connected hubs, public Azure). */
public enum IdentitySystem {
  ADFS, AZURE_AD
}
