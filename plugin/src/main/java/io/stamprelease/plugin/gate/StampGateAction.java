package io.stamprelease.plugin.gate;

import hudson.model.Item;
import hudson.model.Run;
import hudson.model.User;
import io.stamprelease.core.steps.stampgate.Approval;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import jenkins.model.RunAction2;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.HttpResponses;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.interceptor.RequirePOST;
import org.springframework.security.core.GrantedAuthority;

/**
 * The build's "Stamp gates" page: lists open gates and takes answers (POST only, as {@code input}'s proceed/abort),
 * and keeps the decided gates (who approved, when, with what comment) in build.xml for the release report. Open gates
 * are routed to their {@link StampGateExecution}, which re-registers itself after a restart.
 */
public final class StampGateAction implements RunAction2 {
  static final String URL = "stamp-gates";
  private static final Logger LOGGER = Logger.getLogger(StampGateAction.class.getName());

  private final List<Map<String, Object>> decided = new ArrayList<>();
  private transient Run<?, ?> run;
  private transient Map<String, StampGateExecution> open;

  static synchronized StampGateAction of(Run<?, ?> run) {
    StampGateAction action = run.getAction(StampGateAction.class);
    if (action == null) {
      action = new StampGateAction();
      run.addOrReplaceAction(action);
    }
    action.run = run;
    return action;
  }

  private Map<String, StampGateExecution> open() {
    if (open == null) {
      open = new ConcurrentHashMap<>();
    }
    return open;
  }

  void register(StampGateExecution execution) {
    open().put(execution.id(), execution);
  }

  void unregister(String id) {
    open().remove(id);
  }

  /** Records a closed gate in the build (the audit trail) and saves it. */
  synchronized void decided(String id, Map<String, Object> record) {
    Map<String, Object> r = new LinkedHashMap<>(record);
    r.put("id", id);
    decided.add(r);
    try {
      if (run != null) {
        run.save();
      }
    } catch (IOException e) {
      LOGGER.log(Level.WARNING, "could not save the decision of gate " + id, e);
    }
  }

  /** The build, for the page's side panel ({@code index.jelly} includes the build's {@code sidepanel.jelly}). */
  public Run<?, ?> getRun() {
    return run;
  }

  public List<StampGateExecution> getOpenGates() {
    return List.copyOf(open().values());
  }

  public synchronized List<Map<String, Object>> getDecidedGates() {
    return List.copyOf(decided);
  }

  @RequirePOST
  public HttpResponse doApprove(@QueryParameter String id, @QueryParameter String comment) {
    return answer(id, Approval.Decision.APPROVE, comment);
  }

  @RequirePOST
  public HttpResponse doReject(@QueryParameter String id, @QueryParameter String comment) {
    return answer(id, Approval.Decision.REJECT, comment);
  }

  /** Only people who can see the build may answer; core's rules then decide whether the answer counts. */
  private HttpResponse answer(String id, Approval.Decision decision, String comment) {
    run.checkPermission(Item.READ);
    User user = User.current();
    if (user == null) {
      return HttpResponses.error(403, "Log in to answer a stamp gate: answers are recorded by user id.");
    }
    StampGateExecution gate = open().get(id);
    if (gate == null) {
      return HttpResponses.error(404, "No open stamp gate '" + id + "' in this build (already decided, or not yet resumed after a restart).");
    }
    Optional<String> refusal = gate.answer(user.getId(), groups(), decision, comment, Instant.now());
    return refusal.<HttpResponse>map(r -> HttpResponses.error(403, r)).orElseGet(HttpResponses::redirectToDot);
  }

  private static Set<String> groups() {
    Set<String> groups = new LinkedHashSet<>();
    for (GrantedAuthority a : Jenkins.getAuthentication2().getAuthorities()) {
      if (a.getAuthority() != null && !"authenticated".equals(a.getAuthority())) {
        groups.add(a.getAuthority());
      }
    }
    return groups;
  }

  @Override
  public void onAttached(Run<?, ?> r) {
    run = r;
  }

  @Override
  public void onLoad(Run<?, ?> r) {
    run = r;
  }

  @Override
  public String getIconFileName() {
    return open().isEmpty() && getDecidedGates().isEmpty() ? null : "clipboard.png";
  }

  @Override
  public String getDisplayName() {
    return Messages.StampGateAction_DisplayName();
  }

  @Override
  public String getUrlName() {
    return URL;
  }
}
