package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.List;

public abstract class Actionable {
  @NonNull
  public final List<? extends Action> getAllActions() {
    throw new UnsupportedOperationException("signature mirror");
  }

  public void addAction(@NonNull Action a) {
    throw new UnsupportedOperationException("signature mirror");
  }

  public boolean addOrReplaceAction(@NonNull Action a) {
    throw new UnsupportedOperationException("signature mirror");
  }

  public <T extends Action> T getAction(Class<T> type) {
    throw new UnsupportedOperationException("signature mirror");
  }

  /** Abstract in the real type (ModelObject, SearchItem): Run and FlowNode implement them. */
  public abstract String getDisplayName();

  public abstract String getSearchUrl();
}
