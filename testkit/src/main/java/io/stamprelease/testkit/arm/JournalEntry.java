package io.stamprelease.testkit.arm;

import java.time.Instant;

/**
 * One request the fake ARM served. {@code body} is the redacted request body (secrets replaced), or
 * null when there was none or it was a token request (never recorded).
 */
public record JournalEntry(Instant time, String method, String path, String apiVersion, int status, String body) {

  public boolean isWrite() {
    return !method.equals("GET") && !method.equals("HEAD");
  }

  @Override
  public String toString() {
    return method + " " + path + (apiVersion == null ? "" : "?api-version=" + apiVersion) + " -> " + status;
  }
}
