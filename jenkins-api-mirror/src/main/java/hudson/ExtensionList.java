package hudson;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.AbstractList;
import jenkins.model.Jenkins;

public class ExtensionList<T> extends AbstractList<T> {
  protected ExtensionList(Jenkins jenkins, Class<T> extensionType) {
  }

  @NonNull
  public static <U> ExtensionList<U> lookup(Class<U> type) {
    throw new UnsupportedOperationException("signature mirror");
  }

  @NonNull
  public static <U> U lookupSingleton(Class<U> type) {
    throw new UnsupportedOperationException("signature mirror");
  }

  @Override
  public T get(int index) {
    throw new UnsupportedOperationException("signature mirror");
  }

  @Override
  public int size() {
    throw new UnsupportedOperationException("signature mirror");
  }
}
