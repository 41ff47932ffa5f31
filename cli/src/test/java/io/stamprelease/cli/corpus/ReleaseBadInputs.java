package io.stamprelease.cli.corpus;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Every input of {@code stamp release}: its flags and the plan's keys; state and release.json would go to the journal directory. */
final class ReleaseBadInputs {
  private final Corpus c;
  private final List<BadInput> rows = new ArrayList<>();
  private final String good;

  private ReleaseBadInputs(Corpus c) {
    this.c = c;
    this.good = """
        name: corpus
        app: {release: demo, namespace: demo, chart: %s, valuesFiles: []}
        stamps: [{name: seattle}, {name: denver}]
        waves:
          - {name: canary, stamps: [seattle], gate: {approvers: [alice, bob], minApprovals: 2}}
          - {name: rest, stamps: [denver]}
        traffic: {restoreSteps: [10, 50, 100], bake: 1s}
        maxFailedStamps: 1
        """.formatted(c.chart());
  }

  static List<BadInput> of(Corpus c) {
    return new ReleaseBadInputs(c).all();
  }

  private List<BadInput> all() {
    Path broken = c.file("release/broken-values.yaml", "replicas: [3\n");
    Path big = c.oversized("release-big-values.yaml");
    // the run's flags
    row("release refuses --auto-approve with an approvals file", "--approvals", "give either --auto-approve or --approvals FILE, not both",
        good, "--approvals", c.file("release/approvals.yaml", "[]\n").toString());
    row("release refuses a hubs file that is not there", "--config", "cannot read hubs file", good, "--config",
        c.inputs().resolve("nowhere.yaml").toString());
    row("release refuses --from a stamp the plan does not have", "--from", "no stamp 'atlantis' in the plan (stamps: seattle, denver)", good,
        "--from", "atlantis");
    row("release refuses a rollout timeout of 0s", "--timeout", "must be at least 1s", good, "--timeout", "0s");
    row("release refuses a poll of 0s", "--poll", "must be more than 0", good, "--poll", "0s");
    row("release refuses a DNS wait that is no duration", "--dns-wait", "'soon'", good, "--dns-wait", "soon");
    row("release refuses a state file of something else", "--state", "is not a release state file this build can", good, "--state",
        c.file("release/garbage-state.json", "{\"format\": \"no\"").toString());
    Path aFile = c.file("release/a-file", "not a directory\n");
    row("release refuses a report directory that is a file", "--out", "is not a writable directory (allowed: a directory for release.json",
        good, "--out", aFile.toString());
    row("release refuses a state file under a file", "--state", "cannot be created: '" + aFile + "' is a file, not a directory", good,
        "--state", aFile.resolve("release-state.json").toString());
    row("release refuses an output format other than text or json", "--output", "must be text or json", good, "--output", "yaml");
    rows.add(BadInput.of("release refuses a plan that is not there", "--plan", "cannot read", new String[] {"release", "--plan",
        c.inputs().resolve("nowhere.yaml").toString(), "--config", c.hubsFile(), "--auto-approve", "--state", state(), "--out", out()}));
    // the plan
    row("release refuses a plan that is not YAML", "--plan", "is not YAML (line", "app: {release: demo\nstamps: [");
    row("release refuses minApprovals written as text", "waves[0].gate.minApprovals", "must be a whole number (was the text 'two'",
        good.replace("minApprovals: 2", "minApprovals: two"));
    row("release refuses maxFailedStamps written as text", "maxFailedStamps", "must be a whole number (was the text 'one'",
        good.replace("maxFailedStamps: 1", "maxFailedStamps: one"));
    row("release refuses maxParallel written as text", "waves[1].maxParallel", "must be a whole number (was the text 'many'",
        good.replace("stamps: [denver]}", "stamps: [denver], maxParallel: many}"));
    row("release refuses a maxParallel of 0", "waves[1].maxParallel", "must be at least 1", good.replace("stamps: [denver]}",
        "stamps: [denver], maxParallel: 0}"));
    row("release refuses an unknown top-level key", "gates", "is not a plan key", good + "gates: [canary]\n");
    row("release refuses a dependency cycle, as the plan has no dependencies", "waves[0].dependsOn", "is not a plan key",
        good.replace("stamps: [seattle],", "stamps: [seattle], dependsOn: [rest],").replace("stamps: [denver]}",
            "stamps: [denver], dependsOn: [canary]}"));
    row("release refuses a release name Helm refuses", "app.release", "must be a DNS-1123 name of at most 53 characters",
        good.replace("release: demo", "release: Demo_App"));
    row("release refuses a values file that is not YAML", "app.valuesFiles[0]", "is not valid YAML (line",
        good.replace("valuesFiles: []", "valuesFiles: [" + broken + "]"));
    row("release refuses a values file above 1 MiB", "app.valuesFiles[0]", "at most 1 MiB is taken",
        good.replace("valuesFiles: []", "valuesFiles: [" + big + "]"));
    row("release refuses a smoke path that is no path", "app.smokePath", "must be a path starting with '/'",
        good.replace("valuesFiles: []", "valuesFiles: [], smokePath: healthz"));
    row("release refuses stamp values for a stamp it does not have", "app.stampValues.atlantis", "names no stamp of the plan",
        good.replace("valuesFiles: []", "valuesFiles: [], stampValues: {atlantis: {replicas: 2}}"));
    row("release refuses a stamp value Helm cannot take", "app.stampValues.seattle", "is not key=value (allowed:",
        good.replace("valuesFiles: []", "valuesFiles: [], stampValues: {seattle: {'bad key!': 2}}"));
    row("release refuses a stamp of an unknown hub", "stamps[1].hub", "unknown hub 'boston' (hubs: ",
        good.replace("{name: denver}]", "{name: denver, hub: boston}]"));
    row("release refuses a stamp defined twice", "stamps[1].name", "stamp 'seattle' is defined twice",
        good.replace("{name: denver}]", "{name: seattle}]"));
    row("release refuses a wave of an unknown stamp", "waves[1].stamps", "unknown stamp 'atlantis'",
        good.replace("stamps: [denver]}", "stamps: [denver, atlantis]}"));
    row("release refuses an unknown traffic provider", "traffic.provider", "f5-gtm", good.replace("traffic: {", "traffic: {provider: route53, "));
    row("release refuses restore steps that do not end at 100", "traffic.restoreSteps", "100", good.replace("[10, 50, 100]", "[10, 50]"));
    row("release refuses restore steps the traffic step refuses", "traffic.restoreSteps", "moves 90 points",
        good.replace("[10, 50, 100]", "[10, 100]"));
    row("release refuses a bake that is no duration", "traffic.bake", "must be a duration like 30s, 5m, 4h or 2d",
        good.replace("bake: 1s", "bake: soon"));
    return rows;
  }

  private String state() {
    return c.journal().resolve("release-state.json").toString();
  }

  private String out() {
    return c.journal().resolve("out").toString();
  }

  /** {@code stamp release} of {@code plan}, auto-approved, journaling and writing release.json to the journal directory. */
  private void row(String name, String label, String allowed, String plan, String... flags) {
    Path file = c.file("release/plan-" + rows.size() + ".yaml", plan);
    List<String> args = new ArrayList<>(List.of("release", "--plan", file.toString(), "--config", c.hubsFile(), "--auto-approve", "--state",
        state(), "--out", out()));
    for (int i = 0; i < flags.length; i += 2) {
      int at = args.indexOf(flags[i]);
      if (at >= 0) {
        args.set(at + 1, flags[i + 1]);
      } else {
        args.add(flags[i]);
        args.add(flags[i + 1]);
      }
    }
    rows.add(BadInput.of(name, label, allowed, args));
  }
}
