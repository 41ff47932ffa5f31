package hudson;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.remoting.VirtualChannel;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import org.jenkinsci.remoting.RoleSensitive;
import org.jenkinsci.remoting.SerializableOnlyOverRemoting;

public final class FilePath implements SerializableOnlyOverRemoting {
  public FilePath(@NonNull File localPath) {
  }

  public String getRemote() {
    throw new UnsupportedOperationException("signature mirror");
  }

  public <T> T act(FileCallable<T> callable) throws IOException, InterruptedException {
    throw new UnsupportedOperationException("signature mirror");
  }

  public <V, E extends Throwable> V act(hudson.remoting.Callable<V, E> callable) throws IOException, InterruptedException, E {
    throw new UnsupportedOperationException("signature mirror");
  }

  public interface FileCallable<T> extends Serializable, RoleSensitive {
    T invoke(File f, VirtualChannel channel) throws IOException, InterruptedException;
  }
}
