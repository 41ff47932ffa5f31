package io.stamprelease.core.steps.helmrollout;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A dry run's diff shows which secret keys change, never a secret value")
class SecretMaskTest {
  static final String LIVE = """
      apiVersion: v1
      kind: Secret
      metadata: {name: db, namespace: apps}
      data: {username: YWRtaW4=, password: b2xkLXMzY3JldA==}
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: settings, namespace: apps}
      data: {LOG_LEVEL: info, DB_PASSWORD: old-plain-password}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: apps}
      spec:
        template:
          spec:
            containers:
              - name: web
                image: registry.local/web:1.0.0
                env:
                  - {name: MODE, value: blue}
                  - {name: API_TOKEN, value: tok-old-123}
      """;
  static final String NEW = """
      apiVersion: v1
      kind: Secret
      metadata: {name: db, namespace: apps}
      data: {username: YWRtaW4=, password: bjN3LXMzY3JldA==, apiKey: c2stbGl2ZS05OTk=}
      stringData: {extra: plain-new-secret}
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: settings, namespace: apps}
      data: {LOG_LEVEL: debug, DB_PASSWORD: new-plain-password}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: apps}
      spec:
        template:
          spec:
            containers:
              - name: web
                image: registry.local/web:1.1.0
                env:
                  - {name: MODE, value: green}
                  - {name: API_TOKEN, value: tok-new-456}
      ---
      apiVersion: v1
      kind: Secret
      metadata: {name: tls, namespace: apps}
      stringData: {key.pem: "-----BEGIN PRIVATE KEY-----abc"}
      """;

  @Test
  @DisplayName("Given secrets changed, added and kept, when the diff is made, then keys and '(hidden, changed)' show and no value does")
  void hidesValues() {
    // When
    ManifestDiff diff = ManifestDiff.between(ReleaseManifest.parse(LIVE), ReleaseManifest.parse(NEW), "apps");

    // Then
    assertThat(diff.text()).contains("-   password: \"(hidden)\"", "+   password: \"(hidden, changed)\"", "+   apiKey: \"(hidden, changed)\"",
        "+   extra: \"(hidden, changed)\"", "+   DB_PASSWORD: \"(hidden, changed)\"", "+ Secret/apps/tls (new)", "key.pem: \"(hidden)\"",
        "LOG_LEVEL: \"debug\"", "value: \"green\"", "-           value: \"(hidden)\"", "+           value: \"(hidden, changed)\"",
        "image: \"registry.local/web:1.1.0\"");
    assertThat(diff.text()).doesNotContain("username:", "YWRtaW4=", "b2xkLXMzY3JldA==", "bjN3LXMzY3JldA==", "c2stbGl2ZS05OTk=",
        "plain-new-secret", "old-plain-password", "new-plain-password", "tok-old-123", "tok-new-456", "BEGIN PRIVATE KEY");
    assertThat(diff.changes()).containsExactly("~ Secret/apps/db", "~ ConfigMap/apps/settings", "~ Deployment/apps/web", "+ Secret/apps/tls");
  }

  @Test
  @DisplayName("Given only a secret value changed, when the diff is made, then the object still counts as changed")
  void changeStillSeen() {
    ManifestDiff diff = ManifestDiff.between(ReleaseManifest.parse(LIVE), ReleaseManifest.parse(LIVE.replace("b2xkLXMzY3JldA==", "b3RoZXI=")),
        "apps");

    assertThat(diff.changes()).containsExactly("~ Secret/apps/db");
    assertThat(diff.text()).contains("+   password: \"(hidden, changed)\"").doesNotContain("b3RoZXI=");
  }
}
