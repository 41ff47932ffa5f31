package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Serializable;

public interface TaskListener extends Serializable {
  @NonNull
  PrintStream getLogger();

  @NonNull
  default PrintWriter error(String msg) {
    throw new UnsupportedOperationException("signature mirror");
  }
}
