package io.stamprelease.core.clients.arm;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The names ARM and Kubernetes can hold, per resource type, judged before anything is sent: each check answers the
 * problem ("must be …, was …") or empty. Sources: the resources 2019-10-01 swagger ({@code resourceGroupName} and
 * {@code DeploymentNameParameter}: {@code ^[-\w\._\(\)]+$}, 1–90 and 1–64), Azure's "Naming rules and restrictions"
 * (resource groups can't end with a period; VMs up to 64 characters without {@code \/"'[]:|<>+=;,?*@&} or whitespace,
 * not starting with {@code _}, not ending with {@code .} or {@code -}; NICs and availability sets 1–80 word characters,
 * periods and hyphens, starting with a letter or digit and ending with a word character), and Kubernetes object names
 * (a Node is named by its host name lower-cased, which must be a DNS-1123 subdomain). A name with control characters,
 * path separators or {@code ..} is never sent: it would change the URL it is part of.
 */
public final class ArmNames {
  private static final Pattern GROUP_OR_DEPLOYMENT = Pattern.compile("^[-\\w._()]+$", Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern NETWORK_STYLE = Pattern.compile("^[^\\W_]([\\w.\\-]{0,78}\\w)?$", Pattern.UNICODE_CHARACTER_CLASS);
  private static final String VM_FORBIDDEN = "\\/\"'[]:|<>+=;,?*@&";
  private static final Pattern DNS_SUBDOMAIN = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
  private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");

  private ArmNames() {
  }

  /** A resource group: 1–90 letters, digits, '-', '_', '.', '(' or ')', not ending with '.'. */
  public static Optional<String> resourceGroup(String name) {
    return groupOrDeployment(name, 90, "a resource group name", true);
  }

  /** A deployment: 1–64 letters, digits, '-', '_', '.', '(' or ')'. */
  public static Optional<String> deployment(String name) {
    return groupOrDeployment(name, 64, "a deployment name", false);
  }

  private static Optional<String> groupOrDeployment(String name, int max, String what, boolean noTrailingPeriod) {
    String unsafe = unsafe(name);
    if (unsafe != null) {
      return Optional.of(unsafe);
    }
    if (name.length() > max || !GROUP_OR_DEPLOYMENT.matcher(name).matches() || (noTrailingPeriod && name.endsWith("."))) {
      return Optional.of("must be " + what + " of 1-" + max + " letters, digits, '-', '_', '.', '(' or ')'" + (noTrailingPeriod
          ? ", not ending with '.'" : "") + " (was '" + printable(name) + "', " + name.length() + " characters)");
    }
    return Optional.empty();
  }

  /** A virtual machine: up to 64 characters, none of {@code \/"'[]:|<>+=;,?*@&} or whitespace; not {@code _…}, {@code ….}, {@code …-}. */
  public static Optional<String> virtualMachine(String name) {
    String unsafe = unsafe(name);
    if (unsafe != null) {
      return Optional.of(unsafe);
    }
    boolean forbidden = name.chars().anyMatch(c -> VM_FORBIDDEN.indexOf(c) >= 0 || Character.isWhitespace(c));
    if (name.length() > 64 || forbidden || name.startsWith("_") || name.endsWith(".") || name.endsWith("-")) {
      return Optional.of("would make the virtual machine name '" + printable(name) + "', which ARM refuses (at most 64 characters, "
          + "none of " + VM_FORBIDDEN + " or spaces, not starting with '_' nor ending with '.' or '-')");
    }
    return Optional.empty();
  }

  /** A network interface or availability set: 1–80 word characters, '.', '-'; starts with a letter or digit, ends with a word character. */
  public static Optional<String> networkStyle(String name, String type) {
    String unsafe = unsafe(name);
    if (unsafe != null) {
      return Optional.of(unsafe);
    }
    if (!NETWORK_STYLE.matcher(name).matches()) {
      return Optional.of("would make the " + type + " name '" + printable(name) + "', which ARM refuses (1-80 letters, digits, '_', "
          + "'.', '-', starting with a letter or digit and ending with a letter, digit or '_')");
    }
    return Optional.empty();
  }

  /** A Kubernetes Node name: the VM's host name lower-cased must be a DNS-1123 subdomain, or its kubelet never registers. */
  public static Optional<String> kubernetesNode(String vmName) {
    String lower = vmName.toLowerCase(Locale.ROOT);
    if (lower.length() > 253 || !DNS_SUBDOMAIN.matcher(lower).matches()) {
      return Optional.of("would make the Kubernetes Node name '" + printable(lower) + "', which is not a DNS-1123 subdomain (lower-case "
          + "letters, digits, '-' and '.'), so the node would never join and the step would wait for it in vain");
    }
    return Optional.empty();
  }

  /** A DNS label (1–63 lower-case letters, digits, '-'; starting and ending with a letter or digit), e.g. AKS Engine's nameSuffix. */
  public static Optional<String> dnsLabel(String name) {
    String unsafe = unsafe(name);
    if (unsafe != null) {
      return Optional.of(unsafe);
    }
    if (name.length() > 63 || !DNS_LABEL.matcher(name).matches()) {
      return Optional.of("must be 1-63 lower-case letters, digits or '-', starting and ending with a letter or digit (was '"
          + printable(name) + "')");
    }
    return Optional.empty();
  }

  /** Control characters, path separators and {@code ..}: never part of a name we put in a URL. */
  private static String unsafe(String name) {
    if (name == null || name.isEmpty()) {
      return "is empty";
    }
    if (name.chars().anyMatch(Character::isISOControl)) {
      return "contains a control character (was '" + printable(name) + "')";
    }
    if (name.contains("/") || name.contains("\\")) {
      return "contains a path separator (was '" + printable(name) + "'): it would change the ARM URL it is part of";
    }
    if (name.contains("..")) {
      return "contains '..' (was '" + printable(name) + "'): refused, so that no name can climb out of the ARM URL it is part of";
    }
    return null;
  }

  /** The name with control characters shown as {@code \\uXXXX}, so a message never carries them. */
  public static String printable(String name) {
    StringBuilder out = new StringBuilder();
    name.chars().forEach(c -> out.append(Character.isISOControl(c) ? String.format("\\u%04x", c) : String.valueOf((char) c)));
    return out.toString();
  }
}
