package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;

public abstract class Descriptor<T extends Describable<T>> {
  protected Descriptor() {
  }

  protected Descriptor(Class<? extends T> clazz) {
  }

  @NonNull
  public String getDisplayName() {
    throw new UnsupportedOperationException("signature mirror");
  }

  public synchronized void load() {
    throw new UnsupportedOperationException("signature mirror");
  }

  public synchronized void save() {
    throw new UnsupportedOperationException("signature mirror");
  }

  public T newInstance(@Nullable org.kohsuke.stapler.StaplerRequest2 req, @NonNull net.sf.json.JSONObject formData) throws FormException {
    throw new UnsupportedOperationException("signature mirror");
  }

  public boolean configure(org.kohsuke.stapler.StaplerRequest2 req, net.sf.json.JSONObject json) throws FormException {
    throw new UnsupportedOperationException("signature mirror");
  }

  public static final class FormException extends Exception {
    public FormException(String message, String formField) {
      super(message);
    }
  }
}
