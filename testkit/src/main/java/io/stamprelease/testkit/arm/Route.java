package io.stamprelease.testkit.arm;

import java.util.regex.Pattern;

/**
 * One route of a fake ARM: method + path pattern (matched case-insensitively, ARM paths are) + the
 * resource type whose api-versions apply (null: no check) + whether a bearer token is required.
 */
public record Route(String method, Pattern pattern, String resourceType, boolean authenticated, Handler handler) {

  @FunctionalInterface
  public interface Handler {
    ArmResponse handle(ArmRequest request);
  }

  public static Route arm(String method, String regex, String resourceType, Handler handler) {
    return new Route(method, Pattern.compile(regex, Pattern.CASE_INSENSITIVE), resourceType, true, handler);
  }

  public static Route open(String method, String regex, Handler handler) {
    return new Route(method, Pattern.compile(regex, Pattern.CASE_INSENSITIVE), null, false, handler);
  }
}
