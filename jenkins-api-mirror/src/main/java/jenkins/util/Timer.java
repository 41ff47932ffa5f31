package jenkins.util;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.concurrent.ScheduledExecutorService;

public class Timer {
  private Timer() {
  }

  @NonNull
  public static synchronized ScheduledExecutorService get() {
    throw new UnsupportedOperationException("signature mirror");
  }
}
