package io.stamprelease.testkit.k8s;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Every request the simulated API server answered, in order. Bodies are never kept: Secrets hold Helm releases.
 * Thread-safe: the server thread appends while tests read.
 */
public final class KubeJournal {

  /**
   * @param path        path with query string
   * @param contentType the request's Content-Type, or null
   * @param status      the HTTP status answered (101 for a watch upgraded to a WebSocket)
   */
  public record Entry(String method, String path, String contentType, int status, Instant time) {

    public boolean isWrite() {
      return !method.equals("GET");
    }
  }

  private final List<Entry> entries = new CopyOnWriteArrayList<>();

  void record(String method, String path, String contentType, int status) {
    entries.add(new Entry(method, path, contentType, status, Instant.now()));
  }

  /** A snapshot, oldest first. */
  public List<Entry> entries() {
    return List.copyOf(entries);
  }

  /** Requests that are not GETs. */
  public List<Entry> writes() {
    return entries.stream().filter(Entry::isWrite).toList();
  }

  public long count(Predicate<Entry> matching) {
    return entries.stream().filter(matching).count();
  }

  public void clear() {
    entries.clear();
  }
}
