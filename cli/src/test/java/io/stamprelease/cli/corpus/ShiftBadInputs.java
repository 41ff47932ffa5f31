package io.stamprelease.cli.corpus;

import java.util.ArrayList;
import java.util.List;

/** Every input of {@code stamp shift}, against Traffic Manager (public Azure) and the F5 BIG-IP DNS. */
final class ShiftBadInputs {
  private ShiftBadInputs() {
  }

  static List<BadInput> of(Corpus c) {
    String[] azure = {"shift", "--config", c.hubsFile(), "--provider", "azure-traffic-manager"};
    String[] f5 = {"shift", "--config", c.hubsFile(), "--provider", "f5-gtm"};
    List<BadInput> rows = new ArrayList<>();
    rows.add(BadInput.of("shift refuses a hubs file that is not there", "--config", "cannot read hubs file", new String[] {"shift",
        "--config", c.inputs().resolve("nowhere.yaml").toString(), "--provider", "azure-traffic-manager", "--drain", "seattle"}));
    rows.add(BadInput.of("shift refuses an F5 shift without a GSLB connection", "--config gslb", "provider f5-gtm needs a GSLB connection",
        new String[] {"shift", "--config", c.noGslb().toString(), "--provider", "f5-gtm", "--drain", "seattle"}));
    rows.add(BadInput.of("shift refuses an unknown provider", "--provider", "must be one of", new String[] {"shift", "--config",
        c.hubsFile(), "--provider", "route53", "--drain", "seattle"}));
    rows.add(BadInput.of("shift refuses a Traffic Manager profile that is no profile id", "--profile",
        "must be a Traffic Manager profile id /subscriptions/", azure, "--profile", "stamp-release-app", "--drain", "seattle"));
    rows.add(BadInput.of("shift refuses an F5 pool that is no /partition/pool", "--profile", "must be an F5 pool /<partition>/<pool>", f5,
        "--profile", "Common", "--drain", "seattle"));
    rows.add(BadInput.of("shift refuses two operations at once", "--set", "mutually exclusive", azure, "--set", "seattle=50,denver=50",
        "--drain", "seattle"));
    rows.add(BadInput.of("shift refuses weights that do not add up to 100", "--set", "must be exactly 100", azure, "--set",
        "seattle=50,denver=40"));
    rows.add(BadInput.of("shift refuses a weight that is no number", "--set", "is not a whole number", azure, "--set",
        "seattle=half,denver=50"));
    rows.add(BadInput.of("shift refuses a raw weight above 1000", "--set", "is outside 1..1000", azure, "--raw", "--set",
        "seattle=2000,denver=10"));
    rows.add(BadInput.of("shift refuses an endpoint the profile does not have", "--set", "endpoints: seattle, denver", azure,
        "--set", "seattle=50,atlantis=50"));
    rows.add(BadInput.of("shift refuses to drain an endpoint the profile does not have", "--drain", "endpoints: seattle, denver", azure,
        "--drain", "atlantis"));
    rows.add(BadInput.of("shift refuses to restore an endpoint the profile does not have", "--restore", "endpoints: seattle, denver", azure,
        "--restore", "atlantis"));
    rows.add(BadInput.of("shift refuses an unknown drain mode", "--drain-mode", "must be one of disable | minimum-weight", azure, "--drain",
        "seattle", "--drain-mode", "sometimes"));
    rows.add(BadInput.of("shift refuses a drain mode without a drain", "--drain-mode", "only used by drain", azure, "--set",
        "seattle=50,denver=50", "--drain-mode", "disable"));
    rows.add(BadInput.of("shift refuses a shift without steps", "--steps", "at least one step is required", azure, "--shift-to", "denver"));
    rows.add(BadInput.of("shift refuses a step that is no number", "--steps", "is not a whole percent", azure, "--shift-to", "denver",
        "--steps", "10,x,100"));
    rows.add(BadInput.of("shift refuses steps with a drain", "--steps", "only used by shift and restore", azure, "--drain", "seattle",
        "--steps", "50,100"));
    rows.add(BadInput.of("shift refuses a step larger than --max-step", "--steps", "moves more than the max step size 20", azure,
        "--shift-to", "denver", "--steps", "100", "--max-step", "20"));
    rows.add(BadInput.of("shift refuses a max step of 0", "--max-step", "must be 1..100", azure, "--shift-to", "denver", "--steps", "100",
        "--max-step", "0"));
    rows.add(BadInput.of("shift refuses a bake that is no duration", "--bake", "'soon'", azure, "--shift-to", "denver", "--steps", "50,100",
        "--bake", "soon"));
    rows.add(BadInput.of("shift refuses a DNS wait that is no duration", "--wait", "'soon'", azure, "--drain", "seattle", "--wait", "soon"));
    rows.add(BadInput.of("shift refuses a poll of 0s", "--poll", "must be more than 0", azure, "--drain", "seattle", "--poll", "0s"));
    rows.add(BadInput.of("shift refuses a probe URL that is not http(s)", "--probe-url", "must be an http:// or https:// URL", azure,
        "--shift-to", "denver", "--steps", "50,100", "--probe-url", "ftp://127.0.0.1/healthz"));
    rows.add(BadInput.of("shift refuses an output format other than text or json", "--output", "must be text or json", azure, "--drain",
        "seattle", "--output", "yaml"));
    return rows;
  }
}
