package hudson.model;

public abstract class Cause {
  protected Cause() {
  }

  public abstract String getShortDescription();

  public static class UserIdCause extends Cause {
    public UserIdCause() {
    }

    public String getUserId() {
      throw new UnsupportedOperationException("signature mirror");
    }

    @Override
    public String getShortDescription() {
      throw new UnsupportedOperationException("signature mirror");
    }
  }
}
