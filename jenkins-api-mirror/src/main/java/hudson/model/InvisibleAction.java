package hudson.model;

public abstract class InvisibleAction implements Action {
  protected InvisibleAction() {
  }

  @Override
  public final String getIconFileName() {
    return null;
  }

  @Override
  public String getDisplayName() {
    return null;
  }

  @Override
  public String getUrlName() {
    return null;
  }
}
