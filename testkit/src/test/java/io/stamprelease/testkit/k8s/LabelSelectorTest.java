package io.stamprelease.testkit.k8s;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Label selectors (which pods a PodDisruptionBudget covers)")
class LabelSelectorTest {

  @ParameterizedTest(name = "{0}")
  @DisplayName("match like meta/v1 LabelSelector")
  @CsvSource(delimiter = '|', textBlock = """
      matchLabels all equal | {"matchLabels":{"app":"web","tier":"fe"}} | true
      matchLabels one differs | {"matchLabels":{"app":"web","tier":"be"}} | false
      In | {"matchExpressions":[{"key":"tier","operator":"In","values":["fe","be"]}]} | true
      NotIn | {"matchExpressions":[{"key":"tier","operator":"NotIn","values":["fe"]}]} | false
      Exists | {"matchExpressions":[{"key":"app","operator":"Exists"}]} | true
      DoesNotExist | {"matchExpressions":[{"key":"app","operator":"DoesNotExist"}]} | false
      labels and expressions are ANDed | {"matchLabels":{"app":"web"},"matchExpressions":[{"key":"x","operator":"Exists"}]} | false
      empty selector matches all | {} | true
      null selector matches none | null | false
      """)
  void matches(String description, String selector, boolean expected) throws Exception {
    // Given
    var labels = KubeStatus.JSON.readTree("{\"app\":\"web\",\"tier\":\"fe\"}");

    // When
    boolean matched = LabelSelector.matches(KubeStatus.JSON.readTree(selector), labels);

    // Then
    assertThat(matched).as(description).isEqualTo(expected);
  }
}
