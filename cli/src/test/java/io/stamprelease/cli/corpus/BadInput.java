package io.stamprelease.cli.corpus;

import java.util.List;
import java.util.stream.Stream;

/**
 * One row of the bad-input corpus: a sentence that names the case, the {@code stamp} command line, the field as the CLI
 * labels it (a flag, or a path inside a file such as {@code parameters.nameSuffix}) and the text that says what is allowed.
 */
record BadInput(String name, List<String> args, String label, String allowed) {

  static BadInput of(String name, String label, String allowed, List<String> args) {
    return new BadInput(name, List.copyOf(args), label, allowed);
  }

  static BadInput of(String name, String label, String allowed, String[] base, String... more) {
    return of(name, label, allowed, Stream.concat(Stream.of(base), Stream.of(more)).toList());
  }

  @Override
  public String toString() {
    return name;
  }
}
