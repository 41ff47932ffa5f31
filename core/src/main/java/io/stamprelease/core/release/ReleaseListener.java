package io.stamprelease.core.release;

/** What a front end hears while a release runs: per-stamp phase and percent (the progress display), and plain lines. */
public interface ReleaseListener {
  ReleaseListener NONE = new ReleaseListener() {
    @Override
    public void stampChanged(StampStatus status) {
    }

    @Override
    public void line(String message) {
    }
  };

  /** One stamp's line of the display: where it is now. Called often; must not block. */
  record StampStatus(String stamp, String wave, ReleaseState.StampPhase phase, int percent, String message) {
  }

  void stampChanged(StampStatus status);

  /** A line worth printing once (a wave starts or is done, a gate opens, a refused answer, a stamp's final message). */
  void line(String message);
}
