package io.stamprelease.testkit.arm;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Every request a fake ARM served, in order; tests ask it questions such as "did any write happen?". */
public final class RequestJournal {
  private final List<JournalEntry> entries = new CopyOnWriteArrayList<>();
  private volatile Consumer<JournalEntry> listener = e -> { };

  /** Adds an entry (used by every simulated endpoint, not only ARM). */
  public void record(JournalEntry entry) {
    entries.add(entry);
    listener.accept(entry);
  }

  /** Called for each new entry (e.g. `stamp sim --verbose` prints them). */
  public void onEntry(Consumer<JournalEntry> listener) {
    this.listener = listener;
  }

  public List<JournalEntry> entries() {
    return List.copyOf(entries);
  }

  /** Requests that change state: anything but GET/HEAD, token requests excluded. */
  public List<JournalEntry> writes() {
    return entries.stream().filter(JournalEntry::isWrite).filter(e -> !TokenService.isTokenPath(e.path())).toList();
  }

  public long count(Predicate<JournalEntry> predicate) {
    return entries.stream().filter(predicate).count();
  }

  public void clear() {
    entries.clear();
  }
}
