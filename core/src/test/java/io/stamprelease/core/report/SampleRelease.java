package io.stamprelease.core.report;

import io.stamprelease.core.report.ReleaseRecord.ApprovalRecord;
import io.stamprelease.core.report.ReleaseRecord.GateRecord;
import io.stamprelease.core.report.ReleaseRecord.PhaseRecord;
import io.stamprelease.core.report.ReleaseRecord.Result;
import io.stamprelease.core.report.ReleaseRecord.StampRecord;
import io.stamprelease.core.traffic.ChangeRecord;
import io.stamprelease.core.traffic.EndpointSetting;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A realistic release for tests and docs ({@code docs/examples/sample-release.json} is this record, checked by
 * {@code ReleaseJsonTest}): contoso-web 2.3.1 → 2.4.0 over three stamps behind one Traffic Manager profile, every
 * endpoint at weight 1000 to begin with.
 *
 * <ul>
 *   <li>wave 1: seattle is drained, rolled out, smoke-tested and restored in three steps — 10 %, 50 %, 100 % of its
 *       weight before the drain (100 → 500 → 1000);
 *   <li>a gate after wave 1 (before wave 2) needing 2 of 3 approvers (alice, bob, dave): alice and dave approve with comments;
 *   <li>wave 2: denver and austin are drained together; denver succeeds and is restored 10 → 50 → 100 %; austin's
 *       rollout fails with {@code CrashLoopBackOff}, is rolled back and stays drained for a person to look at.
 * </ul>
 */
public final class SampleRelease {
  public static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");
  static final String CHART = "oci://registry.contoso.example/charts/contoso-web";

  private SampleRelease() {
  }

  /** The whole sample release (result FAILED because austin failed). */
  public static ReleaseRecord record() {
    return new ReleaseRecord("contoso-web-2.4.0", "plans/contoso-web.yaml", "stamp 0.1.0", "jenkins (build #418, started by carol)",
        at(0, 0), at(41, 10), Result.FAILED, List.of(seattle(), denver(), austin()), List.of(gate()), traffic(),
        List.of("austin was rolled back to revision 14 and left drained; restore it with `stamp shift` once the crash is understood.",
            "bob did not answer the wave 2 gate; two approvals of three were required."));
  }

  static StampRecord seattle() {
    return new StampRecord("seattle", "hub-sea-01", "1", Result.SUCCEEDED, List.of(
        phase("drain", 0, 5, 1, 10, Result.SUCCEEDED, "disabled seattle; waited 65 s for DNS (TTL 60 s + 5 s)"),
        phase("rollout", 1, 10, 6, 40, Result.SUCCEEDED, "revision 15 deployed: 4/4 pods Ready"),
        phase("smoke", 6, 40, 7, 30, Result.SUCCEEDED, "GET /healthz 200 in 41 ms (3/3 probes)"),
        phase("restore", 7, 30, 16, 0, Result.SUCCEEDED, "seattle back to weight 1000 in 3 steps, 2 min bake each")),
        CHART, "2.4.0", images("2.4.0"), Map.of("master", 3, "agentpool1", 4), List.of());
  }

  static StampRecord denver() {
    return new StampRecord("denver", "hub-den-02", "2", Result.SUCCEEDED, List.of(
        phase("drain", 24, 20, 25, 30, Result.SUCCEEDED, "disabled denver and austin; waited 70 s for DNS"),
        phase("rollout", 25, 30, 31, 0, Result.SUCCEEDED, "revision 9 deployed: 6/6 pods Ready"),
        phase("smoke", 31, 0, 31, 50, Result.SUCCEEDED, "GET /healthz 200 in 38 ms (3/3 probes)"),
        phase("restore", 31, 50, 40, 30, Result.SUCCEEDED, "denver back to weight 1000 in 3 steps")),
        CHART, "2.4.0", images("2.4.0"), Map.of("master", 3, "agentpool1", 6), List.of());
  }

  static StampRecord austin() {
    String crash = "rollout: pod contoso-web-6f7c9d8b5-x2lkq CrashLoopBackOff (back-off 5m0s restarting failed container web; "
        + "exit code 1: missing env CONTOSO_DB_URL)";
    return new StampRecord("austin", "hub-aus-03", "2", Result.FAILED, List.of(
        phase("drain", 24, 20, 25, 30, Result.SUCCEEDED, "disabled denver and austin; waited 70 s for DNS"),
        phase("rollout", 25, 30, 33, 10, Result.FAILED, "3 of 4 pods CrashLoopBackOff after 7m40s"),
        phase("rollback", 33, 10, 35, 45, Result.SUCCEEDED, "rolled back to revision 14 (2.3.1): 4/4 pods Ready")),
        CHART, "2.4.0", images("2.4.0"), Map.of("master", 3, "agentpool1", 4),
        List.of(crash, "rolled back to revision 14 (contoso-web 2.3.1); austin stays drained"));
  }

  static GateRecord gate() {
    return new GateRecord("1", at(16, 5), at(24, 12), "APPROVED", List.of(
        new ApprovalRecord("alice", at(21, 40), "APPROVE", "Seattle error rate flat at 0.02 % for 5 min; go."),
        new ApprovalRecord("dave", at(24, 12), "APPROVE", "p95 latency unchanged on the dashboard. Approving wave 2.")));
  }

  /** Drain and restore steps, each a whole-profile change as Traffic Manager applied it. */
  static List<ChangeRecord> traffic() {
    Map<String, EndpointSetting> s = new LinkedHashMap<>();
    s.put("seattle", EndpointSetting.enabled(1000));
    s.put("denver", EndpointSetting.enabled(1000));
    s.put("austin", EndpointSetting.enabled(1000));
    List<ChangeRecord> out = new ArrayList<>();
    s = change(out, s, at(0, 5), "drain seattle for wave 1", Map.of("seattle", EndpointSetting.disabled(1000)));
    s = change(out, s, at(7, 30), "restore seattle 10 %", Map.of("seattle", EndpointSetting.enabled(100)));
    s = change(out, s, at(11, 45), "restore seattle 50 %", Map.of("seattle", EndpointSetting.enabled(500)));
    s = change(out, s, at(15, 55), "restore seattle 100 %", Map.of("seattle", EndpointSetting.enabled(1000)));
    s = change(out, s, at(24, 20), "drain denver, austin for wave 2",
        Map.of("denver", EndpointSetting.disabled(1000), "austin", EndpointSetting.disabled(1000)));
    s = change(out, s, at(31, 50), "restore denver 10 %", Map.of("denver", EndpointSetting.enabled(100)));
    s = change(out, s, at(36, 5), "restore denver 50 %", Map.of("denver", EndpointSetting.enabled(500)));
    change(out, s, at(40, 25), "restore denver 100 %", Map.of("denver", EndpointSetting.enabled(1000)));
    return out;
  }

  private static Map<String, EndpointSetting> change(List<ChangeRecord> out, Map<String, EndpointSetting> before, Instant time, String reason,
      Map<String, EndpointSetting> changes) {
    Map<String, EndpointSetting> after = new LinkedHashMap<>(before);
    after.putAll(changes);
    out.add(new ChangeRecord(time, "azure-traffic-manager", before, after, "stamp release (jenkins #418)", reason));
    return after;
  }

  private static List<String> images(String version) {
    return List.of("registry.contoso.example/contoso/web:" + version, "registry.contoso.example/contoso/web-migrations:" + version);
  }

  private static PhaseRecord phase(String name, int startMin, int startSec, int endMin, int endSec, Result result, String message) {
    return new PhaseRecord(name, at(startMin, startSec), at(endMin, endSec), result, message);
  }

  static Instant at(int minute, int second) {
    return T0.plusSeconds(minute * 60L + second);
  }
}
