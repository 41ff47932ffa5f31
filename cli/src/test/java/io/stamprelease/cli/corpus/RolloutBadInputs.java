package io.stamprelease.cli.corpus;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Every input of {@code stamp rollout}; each row journals to the corpus's journal directory, which must stay empty. */
final class RolloutBadInputs {
  private RolloutBadInputs() {
  }

  static List<BadInput> of(Corpus c) {
    Path broken = c.file("rollout/broken-values.yaml", "replicas: [3\n");
    Path notMap = c.file("rollout/list-values.yaml", "- 1\n- 2\n");
    Path big = c.oversized("rollout-big-values.yaml");
    String state = c.journal().resolve("rollout-state.json").toString();
    String chart = c.chart().toString();
    String[] base = {"rollout", "--config", c.hubsFile(), "--hub", "seattle", "--release", "demo", "-n", "demo", "--chart", chart,
        "--state", state};
    String[] probe = {"rollout", "--config", c.hubsFile(), "--hub", "seattle", "--release", "demo", "-n", "demo", "--chart", chart,
        "--state", state, "--probe-url", "http://127.0.0.1:9/healthz"};
    List<BadInput> rows = new ArrayList<>();
    rows.add(BadInput.of("rollout refuses a kubeconfig and a hub together", "--kubeconfig", "give either --kubeconfig FILE or --config "
        + "hubs.yaml --hub NAME, not both", base, "--kubeconfig", c.notAKubeconfig().toString()));
    rows.add(BadInput.of("rollout refuses a kubeconfig that is not one", "--kubeconfig", "is not a kubeconfig (no 'clusters:' list)",
        new String[] {"rollout", "--kubeconfig", c.notAKubeconfig().toString(), "--release", "demo", "-n", "demo", "--chart", chart,
            "--state", state}));
    rows.add(BadInput.of("rollout refuses a hubs file that is not there", "--config", "cannot read hubs file", new String[] {"rollout",
        "--config", c.inputs().resolve("nowhere.yaml").toString(), "--hub", "seattle", "--release", "demo", "-n", "demo", "--chart", chart,
        "--state", state}));
    rows.add(BadInput.of("rollout refuses a hub without a stamp", "--hub", "'atlantis' has no stamp kubeconfig", new String[] {"rollout",
        "--config", c.hubsFile(), "--hub", "atlantis", "--release", "demo", "-n", "demo", "--chart", chart, "--state", state}));
    rows.add(BadInput.of("rollout refuses a release name Helm refuses", "--release", "allowed: at most 53 lower-case letters, digits",
        new String[] {"rollout", "--config", c.hubsFile(), "--hub", "seattle", "--release", "Demo_App", "-n", "demo", "--chart", chart,
            "--state", state}));
    rows.add(BadInput.of("rollout refuses a namespace Kubernetes refuses", "--namespace", "allowed: at most 63 lower-case letters, digits and",
        new String[] {"rollout", "--config", c.hubsFile(), "--hub", "seattle", "--release", "demo", "-n", "Demo/x", "--chart", chart,
            "--state", state}));
    rows.add(BadInput.of("rollout refuses a chart that is not there", "--chart", "allowed: a chart directory containing Chart.yaml",
        new String[] {"rollout", "--config", c.hubsFile(), "--hub", "seattle", "--release", "demo", "-n", "demo", "--chart",
            c.inputs().resolve("nowhere").toString(), "--state", state}));
    rows.add(BadInput.of("rollout refuses a repository that is no http(s) URL", "--repo", "allowed: http:// or https://", base, "--repo",
        "ftp://charts.example.com"));
    rows.add(BadInput.of("rollout refuses a values file that is not YAML", "--values", "is not valid YAML (line", base, "-f",
        broken.toString()));
    rows.add(BadInput.of("rollout refuses a values file that is not a map", "--values", "is not a YAML map of values", base, "-f",
        notMap.toString()));
    rows.add(BadInput.of("rollout refuses a values file above 1 MiB", "--values", "at most 1 MiB is taken", base, "-f", big.toString()));
    rows.add(BadInput.of("rollout refuses a --set without a value", "--set", "is not key=value (allowed:", base, "--set", "replicas"));
    rows.add(BadInput.of("rollout refuses a timeout of 0s", "--timeout", "must be at least 1s", base, "--timeout", "0s"));
    rows.add(BadInput.of("rollout refuses a timeout that is no duration", "--timeout", "is not a duration (allowed: <n>ms, <n>s", base,
        "--timeout", "soon"));
    rows.add(BadInput.of("rollout refuses a negative history", "--history-max", "must be 0 (keep all) or more", base, "--history-max", "-1"));
    rows.add(BadInput.of("rollout refuses a negative restart limit", "--max-restarts", "must be 0 or more", base, "--max-restarts", "-1"));
    rows.add(BadInput.of("rollout refuses an unknown first-install policy", "--on-first-install-failure", "(allowed: ", base,
        "--on-first-install-failure", "keep"));
    rows.add(BadInput.of("rollout refuses a probe URL that is not http(s)", "--probe-url", "is not an http:// or https:// URL", base,
        "--probe-url", "ftp://127.0.0.1/healthz"));
    rows.add(BadInput.of("rollout refuses a probe URL and a probe path together", "--probe-path", "give either a probe URL or a probe path",
        probe, "--probe-path", "/healthz"));
    rows.add(BadInput.of("rollout refuses a Host override on an https probe", "--probe-host", "works with http:// probe URLs only", base,
        "--probe-url", "https://127.0.0.1:9/healthz", "--probe-host", "app.example.com"));
    rows.add(BadInput.of("rollout refuses a probe status that is no HTTP status", "--probe-status", "must be an HTTP status 100..599", probe,
        "--probe-status", "700"));
    rows.add(BadInput.of("rollout refuses a probe status that is no HTTP status even without a probe", "--probe-status",
        "must be an HTTP status 100..599", base, "--probe-status", "700"));
    rows.add(BadInput.of("rollout refuses 0 probe attempts", "--probe-attempts", "must be 1 or more", probe, "--probe-attempts", "0"));
    rows.add(BadInput.of("rollout refuses a probe interval of 0s", "--probe-interval", "must be a positive duration such as 2s (was 0s)", probe,
        "--probe-interval", "0s"));
    rows.add(BadInput.of("rollout refuses a state file it cannot continue from", "--state", "is not a state file this build can continue "
        + "from", new String[] {"rollout", "--config", c.hubsFile(), "--hub", "seattle", "--release", "demo", "-n", "demo", "--chart", chart,
            "--state", c.file("rollout/garbage-state.json", "not a checkpoint").toString()}));
    rows.add(BadInput.of("rollout refuses an output format other than text or json", "--output", "must be text or json", base, "--output",
        "yaml"));
    return rows;
  }
}
