package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.PrintStream;
import java.io.PrintWriter;
import org.jenkinsci.remoting.SerializableOnlyOverRemoting;

public interface TaskListener extends SerializableOnlyOverRemoting {
  @NonNull
  PrintStream getLogger();

  @NonNull
  default PrintWriter error(String msg) {
    throw new UnsupportedOperationException("signature mirror");
  }
}
