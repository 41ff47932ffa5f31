package io.stamprelease.core.files;

import java.nio.file.Path;

/** Child JVM of {@link ExclusiveLockTest}: takes the lock of args[0], says so, and holds it until it is killed. */
public final class LockHolder {
  private LockHolder() {
  }

  public static void main(String[] args) throws Exception {
    ExclusiveLock lock = ExclusiveLock.acquire(Path.of(args[0]), "lock holder test");
    System.out.println("held by " + lock.holder().pid());
    System.out.flush();
    Thread.currentThread().join(); // until killed
  }
}
