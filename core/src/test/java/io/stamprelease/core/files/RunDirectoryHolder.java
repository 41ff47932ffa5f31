package io.stamprelease.core.files;

import java.nio.file.Files;
import java.nio.file.Path;

/** Child JVM of {@link RunDirectoryTest}: makes its run directory with a private directory and a secret file in it, then waits. */
public final class RunDirectoryHolder {
  private RunDirectoryHolder() {
  }

  public static void main(String[] args) throws Exception {
    Path helm = RunDirectory.current().newPrivateDirectory("helm-");
    Files.writeString(helm.resolve("kubeconfig"), "token: run-directory-test-token\n");
    System.out.println("run " + RunDirectory.current().path());
    System.out.flush();
    Thread.currentThread().join(); // until killed or terminated
  }
}
