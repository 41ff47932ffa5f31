package io.stamprelease.testkit.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What ARM refuses before it runs anything: names it cannot hold and templates above its limits. Each rule names
 * its source; where a source gives the code but not the wording, the wording is ours (README, fidelity table).
 *
 * <ul>
 *   <li>Resource groups: 1–90 characters of {@code [-\w._()]} (Unicode letters and digits included), not ending in a
 *       period (swagger resources 2019-10-01 {@code resourceGroupName} pattern {@code ^[-\w\._\(\)]+$}, 1–90; Azure
 *       "Naming rules and restrictions": "Can't end with period") → 400 {@code InvalidResourceGroup}.</li>
 *   <li>Deployments: 1–64 characters of {@code [-\w._()]} (swagger {@code DeploymentNameParameter}) → 400
 *       {@code DeploymentNameLengthLimitExceeded} / {@code DeploymentNameInvalidCharacters} (ARM "common deployment
 *       errors").</li>
 *   <li>Resources a deployment would create: VMs (up to 64 characters; none of {@code \/"'[]:|<>+=;,?*@&}, whitespace
 *       or control characters; not starting with {@code _}, not ending with {@code .} or {@code -}), NICs and availability
 *       sets (1–80 word characters, periods, hyphens; starting with a letter or digit, ending with a word character) →
 *       ARM's pre-flight refuses the PUT: 400 {@code InvalidTemplateDeployment} with inner {@code InvalidResourceName}.</li>
 *   <li>Template limits (ARM template best practices / "job size exceeded"): 256 parameters, 256 variables, 800 resources
 *       (copy count included), 64 outputs → 400 {@code InvalidTemplate} "The number of template resources limit exceeded.
 *       Limit: '800' and actual: 'N'." (the resources wording is ARM's; the others follow it). The 4 MB request limit is
 *       {@link ArmServer}'s 413 {@code RequestContentTooLarge}.</li>
 * </ul>
 */
final class ArmRules {
  static final int MAX_PARAMETERS = 256;
  static final int MAX_VARIABLES = 256;
  static final int MAX_RESOURCES = 800;
  static final int MAX_OUTPUTS = 64;

  private static final Pattern GROUP_OR_DEPLOYMENT_CHAR = Pattern.compile("[-\\w._()]", Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern NETWORK_STYLE_NAME = Pattern.compile("^[^\\W_]$|^[^\\W_][\\w.\\-]{0,78}\\w$");
  private static final String VM_FORBIDDEN = "\\/\"'[]:|<>+=;,?*@&";

  private ArmRules() {
  }

  static void checkResourceGroupName(String name) {
    String bad = invalidCharacters(name);
    if (!bad.isEmpty()) {
      throw ArmException.badRequest("InvalidResourceGroup", "The provided resource group name '" + printable(name)
          + "' has these invalid characters: '" + printable(bad) + "'. The name can only be a letter, digit, '-', '.', '(', ')' or '_'.");
    }
    if (name.length() > 90) {
      throw ArmException.badRequest("InvalidResourceGroup", "The provided resource group name '" + name + "' has a length of '"
          + name.length() + "' which exceeds the maximum length of '90'.");
    }
    if (name.endsWith(".")) {
      throw ArmException.badRequest("InvalidResourceGroup", "The provided resource group name '" + name + "' ends with a period, "
          + "which is not allowed.");
    }
  }

  static void checkDeploymentName(String name) {
    if (name.length() > 64) {
      throw ArmException.badRequest("DeploymentNameLengthLimitExceeded", "The provided deployment name '" + name + "' has a length of '"
          + name.length() + "' which exceeds the maximum length of '64'. Please see https://aka.ms/arm-deploy for usage details.");
    }
    String bad = invalidCharacters(name);
    if (!bad.isEmpty()) {
      throw ArmException.badRequest("DeploymentNameInvalidCharacters", "The provided deployment name '" + printable(name)
          + "' has these invalid characters: '" + printable(bad) + "'. The name can only be a letter, digit, '-', '.', '(', ')' or '_'. "
          + "Please see https://aka.ms/arm-deploy for usage details.");
    }
  }

  /** ARM's pre-flight of the resources a deployment would create: the first name their provider would refuse. */
  static void checkResourceNames(String deploymentName, List<ObjectNode> planned) {
    for (ObjectNode resource : planned) {
      String type = resource.path("type").asText();
      String name = resource.path("name").asText();
      Optional<String> problem = nameProblem(type, name);
      if (problem.isPresent()) {
        ArrayNode details = Json.array();
        details.addObject().put("code", "InvalidResourceName").put("target", resource.path("id").asText()).put("message", problem.get());
        throw new ArmException(400, "InvalidTemplateDeployment", "The template deployment '" + deploymentName
            + "' is not valid according to the validation procedure. The tracking id is '" + UUID.randomUUID()
            + "'. See inner errors for details.", details);
      }
    }
  }

  static Optional<String> nameProblem(String type, String name) {
    switch (type.toLowerCase(Locale.ROOT)) {
      case "microsoft.compute/virtualmachines" -> {
        return vmNameProblem(name);
      }
      case "microsoft.network/networkinterfaces", "microsoft.compute/availabilitysets" -> {
        if (!NETWORK_STYLE_NAME.matcher(name).matches()) {
          return Optional.of("Resource name " + printable(name) + " is invalid. The name can be up to 80 characters long. It must begin "
              + "with a word character, and it must end with a word character or with '_'. The name may contain word characters or "
              + "'.', '-', '_'.");
        }
        return Optional.empty();
      }
      default -> {
        return Optional.empty();
      }
    }
  }

  private static Optional<String> vmNameProblem(String name) {
    Set<String> bad = new LinkedHashSet<>();
    name.codePoints().forEach(c -> {
      if (VM_FORBIDDEN.indexOf(c) >= 0 || Character.isWhitespace(c) || Character.isISOControl(c)) {
        bad.add(new String(Character.toChars(c)));
      }
    });
    String rule = "The virtual machine name '" + printable(name) + "' is invalid: it must be 1 to 64 characters without whitespace, "
        + "control characters or any of \\/\"'[]:|<>+=;,?*@&, must not start with '_' and must not end with '.' or '-'.";
    if (name.isEmpty() || name.length() > 64 || !bad.isEmpty() || name.startsWith("_") || name.endsWith(".") || name.endsWith("-")) {
      return Optional.of(rule);
    }
    return Optional.empty();
  }

  /** Template limits ARM checks before it resolves anything: declared parameters, variables, outputs, resources. */
  static void checkTemplateLimits(JsonNode template) {
    limit("parameters", template.path("parameters").size(), MAX_PARAMETERS);
    limit("variables", template.path("variables").size(), MAX_VARIABLES);
    limit("outputs", template.path("outputs").size(), MAX_OUTPUTS);
    limit("resources", countResources(template.path("resources")), MAX_RESOURCES);
  }

  /** The resource limit counted on what copy loops expand to (an AKS Engine template's pools, known from its parameters). */
  static void checkResourceCount(int expanded) {
    limit("resources", expanded, MAX_RESOURCES);
  }

  private static void limit(String what, int actual, int max) {
    if (actual > max) {
      throw ArmException.badRequest("InvalidTemplate", "Deployment template validation failed: 'The number of template " + what
          + " limit exceeded. Limit: '" + max + "' and actual: '" + actual + "'. Please see https://aka.ms/arm-template/#" + what
          + " for usage details.'.");
    }
  }

  /** Resources of a template, child resources and literal copy counts included (a count that is an expression counts once). */
  private static int countResources(JsonNode resources) {
    int count = 0;
    for (JsonNode r : resources) {
      JsonNode copyCount = r.path("copy").path("count");
      int times = copyCount.canConvertToInt() ? Math.max(copyCount.asInt(), 0) : 1;
      count += times * (1 + countResources(r.path("resources")));
    }
    return count;
  }

  private static String invalidCharacters(String name) {
    StringBuilder bad = new StringBuilder();
    name.codePoints().forEach(c -> {
      String ch = new String(Character.toChars(c));
      if (!GROUP_OR_DEPLOYMENT_CHAR.matcher(ch).matches() && bad.indexOf(ch) < 0) {
        bad.append(ch);
      }
    });
    return bad.toString();
  }

  /** Control characters shown as {@code \\uXXXX}, so an error message never carries them raw. */
  private static String printable(String s) {
    StringBuilder out = new StringBuilder();
    s.codePoints().forEach(c -> {
      if (Character.isISOControl(c)) {
        out.append(String.format("\\u%04x", c));
      } else {
        out.appendCodePoint(c);
      }
    });
    return out.toString();
  }
}
