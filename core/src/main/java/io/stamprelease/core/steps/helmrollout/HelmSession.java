package io.stamprelease.core.steps.helmrollout;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.stamprelease.core.clients.kube.KubeClients;
import io.stamprelease.core.files.RunDirectory;
import io.stamprelease.core.steps.helmrollout.ReleaseManifest.WorkloadRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The live side of one rollout, shared by its tasks and never part of the state: the cluster client, the informers
 * of the revision being tracked, and a private 0700 directory (the kubeconfig copy helm-java's upgrade needs, rebuilt
 * charts, a private repositories file). A new process builds them again from the request and the state's revisions.
 */
final class HelmSession implements AutoCloseable {
  private final HelmRolloutRequest request;
  private KubernetesClient client;
  private Path privateDir;
  private WorkloadTracker tracker;
  private int trackedRevision;

  HelmSession(HelmRolloutRequest request) {
    this.request = request;
  }

  HelmRolloutRequest request() {
    return request;
  }

  ReleaseRecords records() {
    return new ReleaseRecords(client(), request.namespace(), request.release());
  }

  synchronized KubernetesClient client() {
    if (client == null) {
      client = KubeClients.fromKubeconfig(request.kubeconfig());
    }
    return client;
  }

  /** Marks {@code revision} failed in Helm's history, with the reason Helm itself would write. */
  void markFailed(int revision, String why) {
    records().markStatus(revision, "failed", "Upgrade \"" + request.release() + "\" failed: " + why);
  }

  /** The informers of {@code revision}'s workloads, started on first use and kept across calls of the same process. */
  WorkloadTracker trackerFor(int revision) {
    if (tracker == null || trackedRevision != revision) {
      closeTracker();
      ReleaseManifest manifest = ReleaseManifest.parse(records().read(revision).path("manifest").asText(""));
      List<WorkloadRef> workloads = manifest.workloads(request.namespace());
      tracker = new WorkloadTracker(client(), workloads, request.maxRestarts()).start();
      trackedRevision = revision;
    }
    return tracker;
  }

  void closeTracker() {
    if (tracker != null) {
      tracker.close();
      tracker = null;
    }
  }

  synchronized Path privateDir() throws IOException {
    if (privateDir == null) {
      // inside this run's directory: deleted at exit and on SIGTERM, swept by the next run when this process was killed
      privateDir = RunDirectory.current().newPrivateDirectory("helm-" + request.release() + "-");
    }
    return privateDir;
  }

  /** The kubeconfig as a 0600 file in the private directory; it lives only for the duration of one Helm call. */
  Path kubeconfigFile() throws IOException {
    Path file = privateDir().resolve("kubeconfig");
    if (!Files.exists(file)) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, request.kubeconfig());
    }
    return file;
  }

  void deleteKubeconfigFile() {
    if (privateDir != null) {
      try {
        Files.deleteIfExists(privateDir.resolve("kubeconfig"));
      } catch (IOException e) {
        throw new UncheckedIOException("could not delete the temporary kubeconfig copy", e);
      }
    }
  }

  /**
   * Helm's own timeout. Without --wait it only bounds hooks: Helm runs pre/post-upgrade hook Jobs inside the
   * upgrade call and waits for them (default 300 s), so they get the rollout's timeout.
   */
  int helmTimeoutSeconds() {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, request.timeout().toSeconds()));
  }

  /** Our bound on a native call: a little over Helm's, so Helm's own clearer timeout message wins. */
  Duration helmCallTimeout() {
    return request.timeout().plusSeconds(30);
  }

  /** Stops the informers, closes the client and deletes the private directory (kubeconfig copy, rebuilt charts). */
  @Override
  public synchronized void close() {
    closeTracker();
    if (client != null) {
      client.close();
      client = null;
    }
    if (privateDir != null) {
      try (Stream<Path> files = Files.walk(privateDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      privateDir = null;
    }
  }
}
