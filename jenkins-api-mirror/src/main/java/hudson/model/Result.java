package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.Serializable;

/** The constants are null here (as the Permission constants): the offline build never compares a real build's result. */
public final class Result implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final @NonNull Result SUCCESS = null;
  public static final @NonNull Result UNSTABLE = null;
  public static final @NonNull Result FAILURE = null;
  public static final @NonNull Result NOT_BUILT = null;
  public static final @NonNull Result ABORTED = null;

  private Result(@NonNull String name, @NonNull BallColor color, int ordinal, boolean complete) {
  }

  public boolean isBetterOrEqualTo(@NonNull Result that) {
    throw new UnsupportedOperationException("signature mirror");
  }
}
