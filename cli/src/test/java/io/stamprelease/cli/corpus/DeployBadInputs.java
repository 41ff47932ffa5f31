package io.stamprelease.cli.corpus;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stamprelease.testkit.arm.AksEngineTemplates;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Every input of {@code stamp deploy}: flags, the template, the parameters and the apimodel. */
final class DeployBadInputs {
  private final Corpus c;
  private final List<BadInput> rows = new ArrayList<>();

  private DeployBadInputs(Corpus c) {
    this.c = c;
  }

  static List<BadInput> of(Corpus c) {
    return new DeployBadInputs(c).all();
  }

  private List<BadInput> all() {
    Consumer<ObjectNode> same = x -> { };
    // flags
    row("deploy refuses a hubs file that is not there", "--config", "cannot read hubs file", same, same, "--config", c.inputs()
        .resolve("nowhere.yaml").toString());
    row("deploy refuses a hub the hubs file does not hold", "--hub", "unknown hub 'atlantis' (hubs in", same, same, "--hub", "atlantis");
    row("deploy refuses a resource group with a path separator", "--resource-group", "contains a path separator", same, same,
        "--resource-group", "rg/../other");
    row("deploy refuses a resource group with a control character", "--resource-group", "contains a control character", same, same,
        "--resource-group", "rg\u0007");
    row("deploy refuses a resource group ending with a period", "--resource-group", "must be a resource group name", same, same,
        "--resource-group", "rg.");
    row("deploy refuses a location that is no region name", "--location", "must be a region name of lower-case letters and digits", same, same,
        "--location", "West US");
    row("deploy refuses a deployment name of 65 characters", "--deployment-name", "must be a deployment name of 1-64", same, same,
        "--deployment-name", "d".repeat(65));
    row("deploy refuses Complete mode", "--mode", "must be Incremental", same, same, "--mode", "Complete");
    row("deploy refuses a timeout of 0s", "--timeout", "must be between 1s and 24h", same, same, "--timeout", "0s");
    row("deploy refuses a timeout of 25h", "--timeout", "must be between 1s and 24h", same, same, "--timeout", "25h");
    row("deploy refuses a timeout that is no duration", "--timeout", "is not a duration (allowed: <n>ms, <n>s", same, same, "--timeout", "soon");
    row("deploy refuses a poll interval of 0s", "--poll-interval", "must be a positive duration such as 10s", same, same,
        "--poll-interval", "0s");
    row("deploy refuses a kubeconfig it cannot read", "--kubeconfig", "cannot read", same, same, "--kubeconfig", c.inputs()
        .resolve("nowhere.kubeconfig").toString());
    row("deploy refuses an output format other than text or json", "--output", "must be text or json", same, same, "--output", "yaml");
    // the files
    row("deploy refuses a template that is not JSON", "--template", "is not well-formed JSON", same, same, "--template",
        c.file("deploy/broken.json", "{\"resources\": [").toString());
    row("deploy refuses a parameters file it cannot read", "--parameters", "cannot read", same, same, "--parameters", c.inputs()
        .resolve("nowhere.parameters.json").toString());
    row("deploy refuses a template without resources", "--template", "must be an ARM deployment template", t -> t.remove("resources"), same);
    row("deploy refuses a template above ARM's 4 MB", "--template", "ARM refuses a deployment request above 4 MB", t -> t.putObject("metadata")
        .put("padding", "x".repeat(4 * 1024 * 1024 + 10)), same);
    row("deploy refuses a template of 900 resources", "template.resources", "ARM allows at most 800 per deployment", t -> ((ArrayNode) t
        .get("resources")).addObject().put("type", "Microsoft.Network/publicIPAddresses").put("name", "[concat('ip', copyIndex())]")
        .putObject("copy").put("name", "ips").put("count", 900), same);
    row("deploy refuses a parameter the template does not declare", "parameters.surprise", "is not declared by the template", same,
        p -> p.putObject("surprise").put("value", 1));
    row("deploy refuses a missing required parameter", "parameters.adminPassword", "is required by the template",
        t -> ((ObjectNode) t.get("parameters")).putObject("adminPassword").put("type", "securestring"), same);
    row("deploy refuses a parameter of the wrong type", "parameters.agentpool1Count", "must be of type int", same,
        p -> p.putObject("agentpool1Count").put("value", "two"));
    row("deploy refuses a pool of 51 agents", "parameters.agentpool1Count", "must be between 1 and 50", same,
        p -> p.putObject("agentpool1Count").put("value", 51));
    row("deploy refuses a dnsPrefix AKS Engine refuses", "parameters.masterEndpointDNSNamePrefix", "must be a dnsPrefix of 3-45", same,
        p -> p.putObject("masterEndpointDNSNamePrefix").put("value", "1-bad-"));
    row("deploy refuses a nameSuffix with '..'", "parameters.nameSuffix", "contains '..'", same, p -> p.putObject("nameSuffix").put("value",
        "12..34"));
    row("deploy refuses a nameSuffix no Node can be named with", "parameters.nameSuffix", "must be 1-63 lower-case letters", same,
        p -> p.putObject("nameSuffix").put("value", "Abc_1"));
    Path vmss = c.file("deploy/vmss-apimodel.json", """
        {"apiVersion": "vlabs", "properties": {"agentPoolProfiles": [{"name": "agentpool1", "count": 2,
          "availabilityProfile": "VirtualMachineScaleSets"}]}}
        """);
    row("deploy refuses an apimodel with scale sets, which Azure Stack Hub does not run", "apimodel.properties.agentPoolProfiles[0]"
        + ".availabilityProfile", "must be AvailabilitySet", same, same, "--apimodel", vmss.toString());
    return rows;
  }

  /** {@code stamp deploy} of the seattle cluster's files, the template and parameters edited, {@code flags} set or added. */
  private void row(String name, String label, String allowed, Consumer<ObjectNode> template, Consumer<ObjectNode> parameters,
      String... flags) {
    String dir = "deploy/" + rows.size() + "/";
    ObjectNode t = AksEngineTemplates.template(c.cluster()).deepCopy();
    ObjectNode p = AksEngineTemplates.parametersFile(c.cluster()).deepCopy();
    template.accept(t);
    parameters.accept((ObjectNode) p.get("parameters"));
    List<String> args = new ArrayList<>(List.of("deploy", "--config", c.hubsFile(), "--hub", "seattle", "--resource-group", "rg-corpus",
        "--template", c.json(dir + "azuredeploy.json", t).toString(), "--parameters", c.json(dir + "azuredeploy.parameters.json", p).toString()));
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
