package io.stamprelease.cli.corpus;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stamprelease.testkit.arm.AksEngineTemplates;
import io.stamprelease.testkit.arm.AksEngineTemplates.Cluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Every input of {@code stamp scale}: flags, and the template and parameters a scale-out sends. */
final class ScaleBadInputs {
  private ScaleBadInputs() {
  }

  static List<BadInput> of(Corpus c) {
    ObjectNode t = AksEngineTemplates.template(c.cluster());
    String template = c.json("scale/azuredeploy.json", t).toString();
    String parameters = c.json("scale/azuredeploy.parameters.json", AksEngineTemplates.parametersFile(c.cluster())).toString();
    ObjectNode noResources = t.deepCopy();
    noResources.remove("resources");
    ObjectNode undeclared = AksEngineTemplates.parametersFile(c.cluster()).deepCopy();
    ((ObjectNode) undeclared.get("parameters")).putObject("surprise").put("value", 1);
    ObjectNode other = AksEngineTemplates.parametersFile(Cluster.of(c.cluster().dnsPrefix(), "99999999", 1, Map.of("agentpool1", 2)));
    String[] base = {"scale", "--config", c.hubsFile(), "--hub", "seattle", "--pool", "agentpool1"};
    String[] three = {"scale", "--config", c.hubsFile(), "--hub", "seattle", "--pool", "agentpool1", "--count", "3"};
    String[] out = {"scale", "--config", c.hubsFile(), "--hub", "seattle", "--pool", "agentpool1", "--count", "4"};
    List<BadInput> rows = new ArrayList<>();
    rows.add(BadInput.of("scale refuses a hubs file that is not there", "--config", "cannot read hubs file", new String[] {"scale",
        "--config", c.inputs().resolve("nowhere.yaml").toString(), "--hub", "seattle", "--pool", "agentpool1", "--count", "3"}));
    rows.add(BadInput.of("scale refuses a hub the hubs file does not hold", "--hub", "unknown hub 'atlantis' (hubs in", new String[] {"scale",
        "--config", c.hubsFile(), "--hub", "atlantis", "--pool", "agentpool1", "--count", "3"}));
    rows.add(BadInput.of("scale refuses a count of 0", "--count", "must be between 1 and 50", base, "--count", "0"));
    rows.add(BadInput.of("scale refuses a count of 51", "--count", "must be between 1 and 50", base, "--count", "51"));
    rows.add(BadInput.of("scale refuses a count that is no number", "--count", "'two' is not an int", base, "--count", "two"));
    rows.add(BadInput.of("scale refuses to scale the masters", "--pool", "masters cannot be scaled", new String[] {"scale", "--config",
        c.hubsFile(), "--hub", "seattle", "--pool", "master", "--count", "3"}));
    rows.add(BadInput.of("scale refuses a pool name AKS Engine cannot have", "--pool", "must be 1-12 lower-case letters or digits",
        new String[] {"scale", "--config", c.hubsFile(), "--hub", "seattle", "--pool", "Agent_Pool", "--count", "3"}));
    rows.add(BadInput.of("scale refuses a pool the cluster does not have", "--pool", "no VMs of pool 'gpu'", new String[] {"scale",
        "--config", c.hubsFile(), "--hub", "seattle", "--pool", "gpu", "--count", "2"}));
    rows.add(BadInput.of("scale refuses a resource group with a path separator", "--resource-group", "contains a path separator", three,
        "--resource-group", "a/b"));
    rows.add(BadInput.of("scale refuses a drain timeout of 0s", "--drain-timeout", "must be a positive duration such as 5m (was 0s)", three,
        "--drain-timeout", "0s"));
    rows.add(BadInput.of("scale refuses a drain timeout as long as the whole scale's", "--drain-timeout",
        "must be shorter than the whole scale's timeout", three, "--drain-timeout", "30m", "--timeout", "30m"));
    rows.add(BadInput.of("scale refuses 0 parallel drains", "--max-parallel-drains", "must be between 1 and 10", three,
        "--max-parallel-drains", "0"));
    rows.add(BadInput.of("scale refuses 11 parallel drains", "--max-parallel-drains", "must be between 1 and 10", three,
        "--max-parallel-drains", "11"));
    rows.add(BadInput.of("scale refuses a kubeconfig that is not one", "--kubeconfig", "is not a kubeconfig (no 'clusters:' list)", three,
        "--kubeconfig", c.notAKubeconfig().toString()));
    rows.add(BadInput.of("scale refuses a timeout of 0s", "--timeout", "must be a positive duration such as 30m (was 0s)", three,
        "--timeout", "0s"));
    rows.add(BadInput.of("scale refuses a poll interval of 0s", "--poll-interval", "must be a positive duration such as 5s (was 0s)", three,
        "--poll-interval", "0s"));
    rows.add(BadInput.of("scale refuses an output format other than text or json", "--output", "must be text or json", three, "--output",
        "yaml"));
    rows.add(BadInput.of("scale refuses a template without its parameters", "--parameters", "is required with the template", out,
        "--template", template));
    rows.add(BadInput.of("scale refuses a parameters file that is not JSON", "--parameters", "as JSON (line 1", out, "--template", template,
        "--parameters", c.file("scale/broken.parameters.json", "{\"parameters\": ").toString()));
    rows.add(BadInput.of("scale refuses a scale-out template without resources", "--template", "must be an ARM deployment template", out,
        "--template", c.json("scale/no-resources.json", noResources).toString(), "--parameters", parameters));
    rows.add(BadInput.of("scale refuses a scale-out parameter the template does not declare", "parameters.surprise",
        "is not declared by the template", out, "--template", template, "--parameters", c.json("scale/undeclared.parameters.json", undeclared)
            .toString()));
    rows.add(BadInput.of("scale refuses the parameters of another cluster", "parameters.nameSuffix", "is '99999999' but the pool's VMs are",
        out, "--template", template, "--parameters", c.json("scale/other.parameters.json", other).toString()));
    return rows;
  }
}
