package io.stamprelease.plugin.offline;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Messages: the plugin's user-facing strings come from each package's Messages.properties (Jenkins' localizer convention)")
class MessagesTest {
  static final Path MAIN = Path.of("..", "plugin", "src", "main", "java", "io", "stamprelease", "plugin").toAbsolutePath().normalize();
  static final Pattern ARG = Pattern.compile("\\{(\\d+)}");

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"akse", "gate", "helm", "hubs", "report", "traffic"})
  @DisplayName("Given a package's Messages.properties, then its Messages class has one accessor per key, with as many arguments as the "
      + "message has placeholders, and nothing else")
  void accessorsMatchTheKeys(String pkg) throws Exception {
    // Given
    Properties keys = new Properties();
    try (InputStream in = getClass().getResourceAsStream("/io/stamprelease/plugin/" + pkg + "/Messages.properties")) {
      assertThat(in).as(pkg + "/Messages.properties on the class path").isNotNull();
      keys.load(in);
    }
    Class<?> messages = Class.forName("io.stamprelease.plugin." + pkg + ".Messages");
    // When
    TreeMap<String, Integer> accessors = Arrays.stream(messages.getDeclaredMethods())
        .filter(m -> Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers()))
        .collect(Collectors.toMap(m -> m.getName().replace('_', '.'), Method::getParameterCount, (a, b) -> a, TreeMap::new));
    TreeMap<String, Integer> expected = new TreeMap<>();
    keys.stringPropertyNames().forEach(k -> expected.put(k, placeholders(keys.getProperty(k))));
    // Then
    assertThat(accessors).isEqualTo(expected);
  }

  @Test
  @DisplayName("the strings read as written once formatted: quotes doubled for MessageFormat come out single, arguments filled in")
  void formatted() {
    assertThat(io.stamprelease.plugin.helm.Messages.HelmRolloutStep_DisplayName())
        .isEqualTo("Roll out a Helm chart to a stamp's cluster, failing fast and rolling back");
    assertThat(io.stamprelease.plugin.gate.Messages.StampGateStep_DisplayName()).isEqualTo("Wait for the approval of a stamp's release");
    assertThat(io.stamprelease.plugin.akse.Messages.AkseDeployStep_HubUnknown("seattle")).isEqualTo("No hub named 'seattle' is configured (yet)");
    assertThat(io.stamprelease.plugin.akse.Messages.AkseDeployStep_HubRequired())
        .isEqualTo("Required: the name of a hub in Manage Jenkins \u2192 System \u2192 Stamp Release hubs");
    assertThat(io.stamprelease.plugin.hubs.Messages.HubEntry_DisplayName()).isEqualTo("Azure Stack Hub");
  }

  @Test
  @DisplayName("no display name or form message of the plugin is a literal in the code")
  void noLiteralsLeft() throws Exception {
    Pattern literal = Pattern.compile("getDisplayName\\(\\)\\s*\\{\\s*return\\s*\"|FormValidation\\.(error|warning|ok)\\(\"");
    Set<String> offenders;
    try (Stream<Path> files = Files.walk(MAIN)) {
      offenders = files.filter(p -> p.toString().endsWith(".java")).filter(p -> {
        try {
          return literal.matcher(Files.readString(p, StandardCharsets.UTF_8)).find();
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).map(p -> MAIN.relativize(p).toString()).collect(Collectors.toSet());
    }
    assertThat(offenders).isEmpty();
  }

  static int placeholders(String message) {
    Matcher m = ARG.matcher(message);
    int max = -1;
    while (m.find()) {
      max = Math.max(max, Integer.parseInt(m.group(1)));
    }
    return max + 1;
  }
}
