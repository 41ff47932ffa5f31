package io.stamprelease.core.traffic.f5;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("F5 BIG-IP DNS pool members as endpoints")
class F5GtmMappingTest {

  @ParameterizedTest(name = "weight {0} → ratio {1} → weight {2}")
  @CsvSource({"1,1,10", "10,1,10", "11,2,20", "500,50,500", "995,100,1000", "1000,100,1000"})
  @DisplayName("weight ↔ ratio: ratio = ceil(weight / 10) in 1..100, weight = ratio × 10")
  void ratios(int weight, int ratio, int back) {
    assertThat(F5GtmProvider.ratioOf(weight)).isEqualTo(ratio);
    assertThat(F5GtmProvider.weightOf(ratio)).isEqualTo(back);
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({"seattle-server:seattle-vs,seattle", "denver-server:austin-vs,denver-server:austin-vs", "dc1:vs1,dc1:vs1", "plain,plain"})
  @DisplayName("members named <stamp>-server:<stamp>-vs are shown by stamp, others keep their name")
  void names(String member, String endpoint) {
    assertThat(F5GtmProvider.stampOf(member)).isEqualTo(endpoint);
  }
}
