package io.stamprelease.plugin.report;

import hudson.model.Cause;
import hudson.model.Item;
import hudson.model.Result;
import hudson.model.Run;
import io.stamprelease.core.engine.Outcome;
import io.stamprelease.core.report.ReleaseJson;
import io.stamprelease.core.report.ReleaseRecord;
import io.stamprelease.core.report.ReleaseRecordBuilder.Build;
import io.stamprelease.core.report.ReleaseRecordBuilder;
import io.stamprelease.core.report.ReleaseReportHtml;
import io.stamprelease.core.report.ToolVersion;
import io.stamprelease.core.steps.GateEnded;
import io.stamprelease.core.steps.StepEnded;
import io.stamprelease.core.steps.StepKind;
import io.stamprelease.core.steps.stampgate.GateDecision;
import io.stamprelease.core.steps.stampgate.GateState;
import io.stamprelease.plugin.AgentResult;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.RunAction2;
import org.jenkinsci.plugins.workflow.actions.TimingAction;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.kohsuke.stapler.StaplerProxy;
import org.kohsuke.stapler.WebMethod;

/**
 * The build's "Stamp Release report": the release report of what this build's Stamp Release steps did, folded by core's
 * {@link ReleaseRecordBuilder} into the same {@link ReleaseRecord} the CLI writes. Its index is core's self-contained
 * {@code release-report.html} page ({@link ReleaseReportHtml}), {@code release.json} is the record ({@link ReleaseJson}).
 *
 * <p>Updated on the controller, and the build saved, whenever a long step ends ({@code AgentStepExecution}, success or
 * failure) and whenever a {@code stampGate} is decided. The ledger keeps only what the report shows (times, results,
 * messages the agent already masked, chart/images/node counts, traffic changes, gate answers): no argument, credential
 * or other output of a step. Recording is best effort: a report that cannot be updated is logged, never a step's
 * failure.
 *
 * <p>The pages are served as they are, outside Jenkins' layout, with a Content-Security-Policy that allows nothing but
 * the page's inline CSS ({@link #CSP}): like {@code DirectoryBrowserSupport}'s, a sandbox with {@code default-src
 * 'none'}, but with inline styles, because the page is self-contained by design (it loads nothing).
 */
public final class StampReleaseReportAction implements RunAction2, StaplerProxy {
  static final String URL = "stamp-release";
  /** No script, no fetch of any kind, no form, no framing by other sites; only the page's own inline CSS. */
  public static final String CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; "
      + "frame-ancestors 'self'";
  private static final Logger LOGGER = Logger.getLogger(StampReleaseReportAction.class.getName());

  /** Replaced, never changed, so that XStream writing build.xml meanwhile sees a whole ledger. */
  private volatile ReleaseRecordBuilder ledger = new ReleaseRecordBuilder();
  private transient Run<?, ?> run;

  // ---------------------------------------------------------------- hooks (on the controller)

  /** {@code AgentStepExecution}'s hook: a long step on {@code hubName} ended with the agent's result. */
  public static void record(StepContext context, String stepName, String hubName, AgentResult<?> result) {
    Instant ended = Instant.now();
    update(context, stepName + " on " + hubName, (action, started) -> action.step(stepName, hubName, result, started, ended));
  }

  /** {@code AgentStepExecution}'s hook: a long step on {@code hubName} failed before the agent returned a result. */
  public static void record(StepContext context, String stepName, String hubName, Throwable failure) {
    Instant ended = Instant.now();
    update(context, stepName + " on " + hubName, (action, started) -> action.failure(stepName, hubName, failure, started, ended));
  }

  /** {@code stampGate}'s hook: the gate closed (approved, rejected or expired). */
  public static void recordGate(StepContext context, GateState state, GateDecision decision, Instant closed) {
    update(context, "the gate of " + state.stamp(), (action, started) -> action.gate(state, decision, closed));
  }

  private interface Change {
    void apply(StampReleaseReportAction action, Instant stepStarted);
  }

  private static void update(StepContext context, String what, Change change) {
    try {
      Run<?, ?> run = context.get(Run.class);
      if (run == null) {
        return; // a step context without a build: nothing to report on
      }
      change.apply(of(run), started(context.get(FlowNode.class)));
      run.save();
    } catch (IOException | RuntimeException e) {
      LOGGER.log(Level.WARNING, "could not record " + what + " in the Stamp Release report", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** When the step's flow node started (Pipeline times every node); null if unknown. */
  private static Instant started(FlowNode node) {
    long millis = node == null ? 0 : TimingAction.getStartTime(node);
    return millis <= 0 ? null : Instant.ofEpochMilli(millis);
  }

  static synchronized StampReleaseReportAction of(Run<?, ?> run) {
    StampReleaseReportAction action = run.getAction(StampReleaseReportAction.class);
    if (action == null) {
      action = new StampReleaseReportAction();
      run.addOrReplaceAction(action);
    }
    action.run = run;
    return action;
  }

  // ---------------------------------------------------------------- the ledger

  /** Adds a long step's end with its typed result; its stamp is the hub it ran on. */
  public void step(String stepName, String hubName, AgentResult<?> result, Instant started, Instant ended) {
    change(l -> l.add(StepEnded.of(kind(stepName), hubName, hubName, started, ended, result.status(), result.message(), result.result())));
  }

  /** Adds a long step that failed without a result (invalid input, agent gone past the deadline …): its message as it was logged. */
  public void failure(String stepName, String hubName, Throwable failure, Instant started, Instant ended) {
    String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    change(l -> l.add(StepEnded.of(kind(stepName), hubName, hubName, started, ended, Outcome.Status.FAILED, message, null)));
  }

  /** Adds a closed gate with every answer. */
  public void gate(GateState state, GateDecision decision, Instant closed) {
    change(l -> l.add(GateEnded.of(state, decision, closed)));
  }

  private static StepKind kind(String stepName) {
    return StepKind.of(stepName).orElseThrow(() -> new IllegalArgumentException("not a step of this plugin: " + stepName));
  }

  private synchronized void change(Consumer<ReleaseRecordBuilder> change) {
    ReleaseRecordBuilder next = ledger.copy();
    change.accept(next);
    ledger = next;
  }

  /** The record for this build's header (what the pages show). */
  public ReleaseRecord record(Build build) {
    return ledger.toRecord(build);
  }

  public String html(Build build) {
    return ReleaseReportHtml.render(record(build));
  }

  public String json(Build build) {
    return ReleaseJson.toJson(record(build));
  }

  /** The build as the record's header: its full display name, the job, who started it, when, and how it ended. */
  Build build() {
    Run<?, ?> r = run;
    Instant started = Instant.ofEpochMilli(r.getStartTimeInMillis());
    boolean building = r.isBuilding();
    return new Build(r.getFullDisplayName(), "Pipeline " + r.getParent().getFullName(), toolVersion(), startedBy(r), started,
        building ? null : started.plusMillis(r.getDuration()), building ? null : ending(r.getResult()), null);
  }

  private static String startedBy(Run<?, ?> r) {
    Cause.UserIdCause user = r.getCause(Cause.UserIdCause.class);
    if (user != null && user.getUserId() != null) {
      return user.getUserId();
    }
    List<Cause> causes = r.getCauses();
    return causes.isEmpty() ? "Jenkins" : "Jenkins (" + causes.get(0).getShortDescription() + ")";
  }

  private static ReleaseRecord.Result ending(Result result) {
    if (result == null) {
      return null;
    }
    if (result == Result.ABORTED || result == Result.NOT_BUILT) {
      return ReleaseRecord.Result.HALTED;
    }
    return result.isBetterOrEqualTo(Result.UNSTABLE) ? ReleaseRecord.Result.SUCCEEDED : ReleaseRecord.Result.FAILED;
  }

  static String toolVersion() {
    return ToolVersion.of("stamp-release plugin");
  }

  // ---------------------------------------------------------------- web

  /** Only people who can see the build see its report. */
  @Override
  public Object getTarget() {
    run.checkPermission(Item.READ);
    return this;
  }

  /** The report page. */
  public void doIndex(HttpServletResponse rsp) throws IOException {
    serve(rsp, "text/html;charset=UTF-8", html(build()));
  }

  /** The record as release.json. */
  @WebMethod(name = "release.json")
  public void doReleaseJson(HttpServletResponse rsp) throws IOException {
    serve(rsp, "application/json;charset=UTF-8", json(build()));
  }

  /** How both are served: as they are, UTF-8, with {@link #CSP} and no content sniffing. */
  public static void serve(HttpServletResponse rsp, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    rsp.setContentType(contentType);
    rsp.setHeader("Content-Security-Policy", CSP);
    rsp.setHeader("X-Content-Type-Options", "nosniff");
    rsp.setContentLength(bytes.length);
    try (OutputStream out = rsp.getOutputStream()) {
      out.write(bytes);
    }
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
    return "symbol-document-text";
  }

  @Override
  public String getDisplayName() {
    return "Stamp Release report";
  }

  @Override
  public String getUrlName() {
    return URL;
  }
}
