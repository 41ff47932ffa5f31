package io.stamprelease.cli.corpus;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stamprelease.testkit.arm.AksEngineTemplates.Cluster;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the corpus's rows are written against: the simulated cloud's hubs file (and one without its GSLB connection), the
 * seattle cluster, the demo chart, a directory for the rows' input files, and the directory where a command would journal
 * ({@code --state}, {@code --out}) — which must stay empty.
 *
 * @param inputs  the rows' files (templates, values files, plans)
 * @param journal where every row points {@code --state} and {@code --out}: nothing may appear there
 */
record Corpus(Path hubs, Path noGslb, Cluster cluster, Path chart, Path inputs, Path journal) {
  static final ObjectMapper JSON = new ObjectMapper();

  String hubsFile() {
    return hubs.toString();
  }

  /** {@code name} in the inputs directory with {@code text}. */
  Path file(String name, String text) {
    try {
      Path file = inputs.resolve(name);
      Files.createDirectories(file.getParent());
      return Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code name} in the inputs directory holding {@code json}. */
  Path json(String name, Object json) {
    try {
      return file(name, JSON.writeValueAsString(json));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A 3 MiB file (sparse: its size is what is judged, before it is read). */
  Path oversized(String name) {
    Path file = inputs.resolve(name);
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(3L * 1024 * 1024);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** A file that is YAML but no kubeconfig. */
  Path notAKubeconfig() {
    return file("not-a-kubeconfig.yaml", "apiVersion: v1\nkind: ConfigMap\n");
  }
}
