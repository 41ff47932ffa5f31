package io.stamprelease.core.engine;

/** Receives progress events; must not block. */
@FunctionalInterface
public interface ProgressListener {
  ProgressListener NONE = e -> { };

  void onProgress(ProgressEvent event);
}
