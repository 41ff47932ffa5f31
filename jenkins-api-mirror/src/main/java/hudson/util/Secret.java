package hudson.util;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.Serializable;

public final class Secret implements Serializable {
  private static final long serialVersionUID = 1L;

  /*package*/ Secret(String value) {
  }

  @NonNull
  public String getPlainText() {
    throw new UnsupportedOperationException("signature mirror");
  }

  @NonNull
  public static Secret fromString(@CheckForNull String data) {
    throw new UnsupportedOperationException("signature mirror");
  }

  @NonNull
  public static String toString(@CheckForNull Secret s) {
    throw new UnsupportedOperationException("signature mirror");
  }
}
