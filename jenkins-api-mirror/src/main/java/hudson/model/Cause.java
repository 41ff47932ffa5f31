package hudson.model;

public abstract class Cause {
  protected Cause() {
  }

  public static class UserIdCause extends Cause {
    public UserIdCause() {
    }

    public String getUserId() {
      throw new UnsupportedOperationException("signature mirror");
    }
  }
}
