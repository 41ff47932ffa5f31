package io.stamprelease.plugin.report;

import hudson.Extension;
import hudson.model.Cause;
import hudson.model.Item;
import hudson.model.Result;
import hudson.model.Run;
import io.stamprelease.core.report.ReleaseJson;
import io.stamprelease.core.report.ReleaseRecord;
import io.stamprelease.core.report.ReleaseRecordBuilder.Build;
import io.stamprelease.core.report.ReleaseRecordBuilder;
import io.stamprelease.core.report.ReleaseReportHtml;
import io.stamprelease.core.report.ToolVersion;
import io.stamprelease.core.steps.GateEnded;
import io.stamprelease.core.steps.StepEnded;
import io.stamprelease.plugin.agent.StepEndListener;
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
import org.kohsuke.stapler.StaplerProxy;
import org.kohsuke.stapler.WebMethod;

/**
 * The build's "Stamp Release report": the release report of what this build's Stamp Release steps did, folded by core's
 * {@link ReleaseRecordBuilder} into the same {@link ReleaseRecord} the CLI writes. Its index is core's self-contained
 * {@code release-report.html} page ({@link ReleaseReportHtml}), {@code release.json} is the record ({@link ReleaseJson}).
 *
 * <p>Updated on the controller, and the build saved, whenever a long step ends ({@code AgentExecution}, success or
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

  // ---------------------------------------------------------------- the listener (on the controller)

  /** Files every step end and gate decision of a build into its report, and saves the build. */
  @Extension
  public static final class OnStepEnd implements StepEndListener {
    @Override
    public void stepEnded(Run<?, ?> run, StepEnded event) {
      save(run, of(run).add(event));
    }

    @Override
    public void gateEnded(Run<?, ?> run, GateEnded event) {
      save(run, of(run).add(event));
    }

    private static void save(Run<?, ?> run, StampReleaseReportAction action) {
      try {
        run.save();
      } catch (IOException e) {
        LOGGER.log(Level.WARNING, "could not save the Stamp Release report of " + run, e);
      }
    }
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

  /** Adds a long step's end with its typed result. */
  public StampReleaseReportAction add(StepEnded event) {
    change(l -> l.add(event));
    return this;
  }

  /** Adds a closed gate with every answer. */
  public StampReleaseReportAction add(GateEnded event) {
    change(l -> l.add(event));
    return this;
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
    return Messages.StampReleaseReportAction_DisplayName();
  }

  @Override
  public String getUrlName() {
    return URL;
  }
}
