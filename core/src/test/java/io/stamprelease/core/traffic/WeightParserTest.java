package io.stamprelease.core.traffic;

import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.stamprelease.core.traffic.TrafficFixtures.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

@DisplayName("Weight lists like seattle=90,denver=10")
class WeightParserTest {

  @Nested
  @DisplayName("as percentages")
  class Percentages {
    static Stream<Arguments> accepted() {
      return Stream.of(
          arguments("90/10", "seattle=90,denver=10", map("seattle", 90, "denver", 10)),
          arguments("spaces around tokens and '='", " seattle = 90 , denver=10 ", map("seattle", 90, "denver", 10)),
          arguments("33/33/34", "a=33,b=33,c=34", map("a", 33, "b", 33, "c", 34)),
          arguments("1 % is allowed", "a=1,b=99", map("a", 1, "b", 99)),
          arguments("100/0 disables the 0", "seattle=100,denver=0", map("seattle", 100, "denver", 0)),
          arguments("one endpoint at 100", "seattle=100", map("seattle", 100)),
          arguments("names with dots, dashes, underscores", "eu-west.1=50,us_east=50", map("eu-west.1", 50, "us_east", 50)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    @DisplayName("accepts")
    void accepts(String row, String text, Map<String, Integer> expected) {
      // When
      ParsedWeights parsed = WeightParser.parse(text, WeightUnit.PERCENT);

      // Then
      assertThat(parsed.problems()).isEmpty();
      assertThat(parsed.values()).containsExactlyEntriesOf(expected);
    }

    static Stream<Arguments> refused() {
      return Stream.of(
          arguments("sum 99", "a=33,b=33,c=33", "add up to 99, must be exactly 100"),
          arguments("sum 101", "a=34,b=33,c=34", "add up to 101, must be exactly 100"),
          arguments("negative", "a=-10,b=110", "a: -10% is outside 0..100"),
          arguments("more than 100", "a=101", "a: 101% is outside 0..100"),
          arguments("non-integer", "a=50.5,b=49.5", "a: '50.5' is not a whole number"),
          arguments("percent sign", "a=50%,b=50", "a: '50%' is not a whole number"),
          arguments("duplicate names", "a=50,a=50", "a: given more than once"),
          arguments("empty list", "", "no endpoints given"),
          arguments("blank list", "   ", "no endpoints given"),
          arguments("null", null, "no endpoints given"),
          arguments("missing '='", "seattle90", "'seattle90' is not name=value"),
          arguments("missing name", "=10", "'=10' is not name=value"),
          arguments("value not a number", "a=b", "a: 'b' is not a whole number"),
          arguments("missing value", "a=,b=100", "a: '' is not a whole number"),
          arguments("trailing comma", "a=50,b=50,", "'' is not name=value"),
          arguments("two '='", "a=5=5,b=95", "a: '5=5' is not a whole number"),
          arguments("huge number", "a=99999999999", "a: '99999999999' is not a whole number"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    @DisplayName("refuses, saying why")
    void refuses(String row, String text, String problem) {
      // When
      ParsedWeights parsed = WeightParser.parse(text, WeightUnit.PERCENT);

      // Then
      assertThat(parsed.ok()).isFalse();
      assertThat(parsed.problems()).anySatisfy(p -> assertThat(p).contains(problem));
    }

    @Test
    @DisplayName("reports every problem, not just the first")
    void reportsEveryProblem() {
      // When
      ParsedWeights parsed = WeightParser.parse("seattle90,a=b,c=101,c=1", WeightUnit.PERCENT);

      // Then
      assertThat(parsed.problems()).hasSize(4);
    }
  }

  @Nested
  @DisplayName("as raw weights (--raw)")
  class Raw {
    static Stream<Arguments> rows() {
      return Stream.of(
          arguments("minimum and maximum", "a=1,b=1000", true, ""),
          arguments("any sum is fine", "a=7,b=3", true, ""),
          arguments("0 is not a weight", "a=0,b=10", false, "a: raw weight 0 is outside 1..1000"),
          arguments("1001 is too much", "a=1001", false, "a: raw weight 1001 is outside 1..1000"),
          arguments("negative", "a=-1", false, "a: raw weight -1 is outside 1..1000"),
          arguments("non-integer", "a=1.5", false, "a: '1.5' is not a whole number"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    @DisplayName("accepts 1..1000 each")
    void rawWeights(String row, String text, boolean ok, String problem) {
      // When
      ParsedWeights parsed = WeightParser.parse(text, WeightUnit.RAW);

      // Then
      assertThat(parsed.ok()).isEqualTo(ok);
      if (!ok) {
        assertThat(parsed.problems()).anySatisfy(p -> assertThat(p).contains(problem));
      }
    }
  }

  @Nested
  @DisplayName("against a profile's endpoints")
  class KnownNames {
    @Test
    @DisplayName("an unknown name is refused and the known ones are listed")
    void unknownName() {
      // When
      ParsedWeights parsed = WeightParser.parse("seattle=90,boston=10", WeightUnit.PERCENT, Set.of("seattle", "denver"));

      // Then
      assertThat(parsed.problems()).containsExactly("boston: no such endpoint; known endpoints: denver, seattle");
    }

    @Test
    @DisplayName("known names pass")
    void knownNames() {
      // When
      ParsedWeights parsed = WeightParser.parse("seattle=90,denver=10", WeightUnit.PERCENT, Set.of("seattle", "denver"));

      // Then
      assertThat(parsed.ok()).isTrue();
    }
  }
}
