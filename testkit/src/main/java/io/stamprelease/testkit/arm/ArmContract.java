package io.stamprelease.testkit.arm;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which of the shapes the public ARM contract allows one simulated ARM answers with. Real ARM endpoints differ
 * here (and Azure Stack Hub's ARM is older than public Azure's), so a product must handle every allowed shape; a
 * test picks one per hub, at any time, with {@code hub.arm().contract()}. The defaults are the shapes the fake
 * has always answered with. Sources are in {@code testkit/README.md} (fidelity table).
 *
 * <ul>
 *   <li><b>Paging</b> (RPC resource-api-reference "nextLink"; every list of the swaggers is {@code x-ms-pageable}):
 *       lists answer at most {@link #pageSize(int)} items with an absolute {@code nextLink} carrying a
 *       {@code $skiptoken}; a page may even be empty and still have a {@code nextLink}.</li>
 *   <li><b>LRO shapes</b> (RPC async-api-reference): {@code Azure-AsyncOperation} status resources or
 *       {@code Location} (202 without body while running, then the answer the synchronous call would have given), per
 *       kind of operation; the {@code Retry-After} of the operation-starting answer and of each poll.</li>
 *   <li><b>Deployment shape</b> (deployments 2019-10-01 swagger, whose first revision defines neither
 *       {@code templateHash} nor {@code tags} and whose later revision defines both): echo or not.</li>
 * </ul>
 */
public final class ArmContract {

  /** How an LRO tells the client where to poll. */
  public enum LroStyle {
    /** {@code Azure-AsyncOperation}: a status resource, always 200, {@code status} in the body. */
    AZURE_ASYNC_OPERATION,
    /** {@code Location}: 202 without body while running, then the final answer (200 + body, 204, or an error answer). */
    LOCATION,
    /** Both headers: the client may follow either. */
    BOTH;

    boolean asyncOperation() {
      return this != LOCATION;
    }

    boolean location() {
      return this != AZURE_ASYNC_OPERATION;
    }
  }

  /** The long-running operations a hub serves. */
  public enum LroKind {
    /** {@code PUT …/deployments/{name}} (default {@link LroStyle#AZURE_ASYNC_OPERATION}, what public ARM sends). */
    DEPLOYMENT,
    /** {@code DELETE} of VMs, NICs, disks, resource groups (default {@link LroStyle#BOTH}; the RPC requires {@code Location}). */
    DELETE,
    /** {@code POST …/deployments/{name}/whatIf} (default {@link LroStyle#LOCATION}, the swagger's 202 + Location). */
    WHAT_IF
  }

  /** What the {@code Location} URL of a failed operation answers once it ended. */
  public enum LocationFailure {
    /** 200 with the resource body (a deployment's {@code provisioningState: Failed}, a what-if's {@code status: Failed}). */
    FINAL_BODY,
    /** The error answer the synchronous call would have given: a 4xx/5xx status with {@code {"error":{...}}}. */
    ERROR_ANSWER
  }

  /** A {@code Retry-After} header: a number of seconds (0 included) or no header at all. */
  public record RetryAfter(Integer seconds) {
    public static RetryAfter of(int seconds) {
      if (seconds < 0) {
        throw new IllegalArgumentException("Retry-After must be 0 or more seconds, was " + seconds);
      }
      return new RetryAfter(seconds);
    }

    public static RetryAfter absent() {
      return new RetryAfter(null);
    }
  }

  private record PageRule(String match, int size) {
  }

  private final List<PageRule> pageRules = new ArrayList<>();
  private int pageSize;
  private boolean emptyFirstPage;
  private final Map<LroKind, LroStyle> lroStyles = new EnumMap<>(LroKind.class);
  private LocationFailure locationFailure = LocationFailure.FINAL_BODY;
  private int errorAnswerStatus = 409;
  private RetryAfter startRetryAfter;
  private RetryAfter pollRetryAfter;
  private boolean echoTemplateHash = true;
  private boolean keepDeploymentTags = true;
  private Boolean whatIf;

  ArmContract() {
    reset();
  }

  /** Back to the defaults (one page per list, the historical LRO shapes, templateHash and tags echoed). */
  public synchronized ArmContract reset() {
    pageRules.clear();
    pageSize = 0;
    emptyFirstPage = false;
    lroStyles.put(LroKind.DEPLOYMENT, LroStyle.AZURE_ASYNC_OPERATION);
    lroStyles.put(LroKind.DELETE, LroStyle.BOTH);
    lroStyles.put(LroKind.WHAT_IF, LroStyle.LOCATION);
    locationFailure = LocationFailure.FINAL_BODY;
    errorAnswerStatus = 409;
    startRetryAfter = null;
    pollRetryAfter = null;
    echoTemplateHash = true;
    keepDeploymentTags = true;
    whatIf = null;
    return this;
  }

  /** Every list answers at most {@code size} items per page ({@code 0}: everything in one page, the default). */
  public synchronized ArmContract pageSize(int size) {
    this.pageSize = checkSize(size);
    return this;
  }

  /**
   * Lists whose {@code "GET <path>"} contains {@code match} (case-insensitive, e.g. {@code "virtualMachines"},
   * {@code "/operations"}) answer at most {@code size} items per page; the latest matching rule wins over
   * {@link #pageSize(int)}.
   */
  public synchronized ArmContract pageSize(String match, int size) {
    pageRules.add(new PageRule(match.toLowerCase(Locale.ROOT), checkSize(size)));
    return this;
  }

  /** The first page of a paged list has no items, only a {@code nextLink} (the RPC allows it; clients must follow). */
  public synchronized ArmContract emptyFirstPage(boolean on) {
    this.emptyFirstPage = on;
    return this;
  }

  /** How operations of this kind are monitored. Deletes must keep {@code Location} (RPC: the 202 of a DELETE MUST carry it). */
  public synchronized ArmContract lroStyle(LroKind kind, LroStyle style) {
    if ((kind == LroKind.DELETE || kind == LroKind.WHAT_IF) && !style.location()) {
      throw new IllegalArgumentException(kind + " answers 202 Accepted, which the RPC requires to carry a Location header; "
          + "allowed styles: LOCATION, BOTH");
    }
    lroStyles.put(kind, style);
    return this;
  }

  /** A failed operation's {@code Location} answers 200 with the failed resource body (the default). */
  public synchronized ArmContract failuresAsFinalBody() {
    locationFailure = LocationFailure.FINAL_BODY;
    return this;
  }

  /** A failed operation's {@code Location} answers {@code status} (4xx/5xx) with the operation's error. */
  public synchronized ArmContract failuresAsErrorAnswer(int status) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("an error answer has a 4xx or 5xx status, was " + status);
    }
    locationFailure = LocationFailure.ERROR_ANSWER;
    errorAnswerStatus = status;
    return this;
  }

  /** The {@code Retry-After} of the 201/202 that starts an LRO (default: the hub's {@link ArmTimings#retryAfterSeconds()}). */
  public synchronized ArmContract startRetryAfter(RetryAfter retryAfter) {
    this.startRetryAfter = retryAfter;
    return this;
  }

  /** The {@code Retry-After} of every poll answer while an LRO runs (default: the hub's {@link ArmTimings#retryAfterSeconds()}). */
  public synchronized ArmContract pollRetryAfter(RetryAfter retryAfter) {
    this.pollRetryAfter = retryAfter;
    return this;
  }

  /** Whether deployments show {@code properties.templateHash} (GET, PUT, list, validate); default yes. */
  public synchronized ArmContract echoTemplateHash(boolean on) {
    this.echoTemplateHash = on;
    return this;
  }

  /** Whether deployments keep the {@code tags} of their PUT and show them back; default yes. */
  public synchronized ArmContract keepDeploymentTags(boolean on) {
    this.keepDeploymentTags = on;
    return this;
  }

  /** Whether {@code POST …/whatIf} is served (default: no on a hub, which documents no what-if; yes in public Azure). */
  public synchronized ArmContract whatIf(boolean served) {
    this.whatIf = served;
    return this;
  }

  synchronized int pageSizeFor(String method, String path) {
    String key = (method + " " + path).toLowerCase(Locale.ROOT);
    for (int i = pageRules.size() - 1; i >= 0; i--) {
      if (key.contains(pageRules.get(i).match())) {
        return pageRules.get(i).size();
      }
    }
    return pageSize;
  }

  synchronized boolean emptyFirstPage() {
    return emptyFirstPage;
  }

  synchronized LroStyle lroStyle(LroKind kind) {
    return lroStyles.get(kind);
  }

  synchronized LocationFailure locationFailure() {
    return locationFailure;
  }

  synchronized int errorAnswerStatus() {
    return errorAnswerStatus;
  }

  /** The header value to send on an LRO-starting answer, or empty for none. */
  synchronized Optional<String> startRetryAfterHeader(int timingsDefault) {
    return header(startRetryAfter, timingsDefault);
  }

  /** The header value to send on a poll answer of a running LRO, or empty for none. */
  synchronized Optional<String> pollRetryAfterHeader(int timingsDefault) {
    return header(pollRetryAfter, timingsDefault);
  }

  synchronized boolean echoTemplateHash() {
    return echoTemplateHash;
  }

  synchronized boolean keepDeploymentTags() {
    return keepDeploymentTags;
  }

  synchronized boolean whatIfServed(boolean hubDefault) {
    return whatIf == null ? hubDefault : whatIf;
  }

  private static Optional<String> header(RetryAfter configured, int timingsDefault) {
    if (configured == null) {
      return Optional.of(String.valueOf(timingsDefault));
    }
    return Optional.ofNullable(configured.seconds()).map(String::valueOf);
  }

  private static int checkSize(int size) {
    if (size < 0) {
      throw new IllegalArgumentException("page size must be 0 (no paging) or more, was " + size);
    }
    return size;
  }
}
