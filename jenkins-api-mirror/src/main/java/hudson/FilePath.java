package hudson;

import hudson.remoting.VirtualChannel;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import org.jenkinsci.remoting.RoleSensitive;

public final class FilePath implements Serializable {
  private static final long serialVersionUID = 1L;

  public FilePath(File localPath) {
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
