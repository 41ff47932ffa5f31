package io.stamprelease.core.steps.stampgate;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A gate while it is open: the stamp, who started the release, when it opened, the answers so far. */
public record GateState(String stamp, String requester, Instant openedAt, List<Approval> answers) implements Serializable {
  private static final long serialVersionUID = 1L;

  public GateState {
    answers = List.copyOf(answers);
  }

  public static GateState open(String stamp, String requester, Instant now) {
    return new GateState(stamp, requester, now, List.of());
  }

  GateState with(Approval answer) {
    List<Approval> more = new ArrayList<>(answers);
    more.add(answer);
    return new GateState(stamp, requester, openedAt, more);
  }
}
