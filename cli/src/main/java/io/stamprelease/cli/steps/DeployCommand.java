package io.stamprelease.cli.steps;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stamprelease.cli.support.CommandResult;
import io.stamprelease.cli.support.CommandSupport;
import io.stamprelease.cli.support.Console;
import io.stamprelease.cli.support.ExitCode;
import io.stamprelease.cli.support.HubOptions;
import io.stamprelease.core.clients.hub.HubConnection;
import io.stamprelease.core.clients.hub.HubSpec;
import io.stamprelease.core.clients.hub.HubsFile;
import io.stamprelease.core.engine.Outcome;
import io.stamprelease.core.engine.Step;
import io.stamprelease.core.input.Problems;
import io.stamprelease.core.steps.aksedeploy.AkseDeployInput;
import io.stamprelease.core.steps.aksedeploy.AkseDeployRequest;
import io.stamprelease.core.steps.aksedeploy.AkseDeployResult;
import io.stamprelease.core.steps.aksedeploy.AkseDeployState;
import io.stamprelease.core.steps.aksedeploy.AkseDeploySteps;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * `stamp deploy`: deploys (or converges) an AKS Engine cluster from the files {@code aks-engine-azurestack generate}
 * wrote — thin over core's {@code akseDeploy}: parse, validate, run the step, report.
 */
@Command(name = "deploy", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Deploy or converge an AKS Engine cluster on a hub (ARM template deployment, Incremental).",
        "Validates everything before any write, re-attaches to a running deployment, and is a no-op when the cluster is converged."})
public final class DeployCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec
  CommandSpec spec;

  @Mixin
  HubOptions hubOptions;

  @Option(names = "--resource-group", paramLabel = "RG", description = "The cluster's resource group (created if missing).")
  String resourceGroup;

  @Option(names = "--location", paramLabel = "REGION", description = "Region for a new resource group (default: the apimodel's location).")
  String location;

  @Option(names = "--template", paramLabel = "FILE", description = "azuredeploy.json written by aks-engine-azurestack generate.")
  Path template;

  @Option(names = "--parameters", paramLabel = "FILE", description = "azuredeploy.parameters.json written beside it.")
  Path parameters;

  @Option(names = "--apimodel", paramLabel = "FILE", description = "apimodel.json, checked against the Azure Stack Hub rules.")
  Path apimodel;

  @Option(names = "--deployment-name", paramLabel = "NAME", description = "Default: <dnsPrefix>-<template hash>, so re-runs converge.")
  String deploymentName;

  @Option(names = "--mode", description = "Only Incremental (Complete would delete the cluster's other resources). Default: "
      + AkseDeployInput.INCREMENTAL + ".")
  String mode;

  @Option(names = "--timeout", paramLabel = "DURATION", description = "Whole operation. Default: " + AkseDeployInput.DEFAULT_TIMEOUT + ".")
  String timeout;

  @Option(names = "--kubeconfig", paramLabel = "FILE",
      description = "The cluster's kubeconfig (default: stamp.kubeconfigFile of the hub in the hubs file, else kubeconfig/kubeconfig.<location>.json beside the template).")
  Path kubeconfig;

  @Option(names = "--what-if", description = "Preview with ARM what-if (validate where the hub does not serve what-if); writes nothing.")
  boolean whatIf;

  @Option(names = "--poll-interval", paramLabel = "DURATION",
      description = "How often to look at the nodes (ARM polls follow Retry-After). Default: " + AkseDeployInput.DEFAULT_POLL_INTERVAL + ".")
  String pollInterval;

  @Option(names = "--output", defaultValue = "text", description = "text or json.")
  String output;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Console console = new Console(out, err);
    return CommandSupport.execute(console, output, () -> {
      // Every problem at once: the hubs file's and the deployment's (nothing is contacted before both are fine)
      Problems problems = new Problems("stamp deploy");
      HubsFile hubs = problems.attempt(hubOptions::load);
      HubSpec hub = hubs == null ? null : problems.attempt(() -> hubOptions.spec(hubs));
      Path kube = kubeconfig;
      if (kube == null && hub != null && hubs.stamps().containsKey(hub.name())) {
        kube = hubs.stamps().get(hub.name()).kubeconfig();
      }
      AkseDeployInput input = new AkseDeployInput().hub(hubOptions.hub).resourceGroup(resourceGroup).location(location).template(template)
          .parameters(parameters).apimodel(apimodel).deploymentName(deploymentName).mode(mode).timeout(timeout).kubeconfig(kube)
          .whatIf(whatIf).pollInterval(pollInterval);
      AkseDeployRequest deployment = problems.attempt(input::validate);
      problems.throwIfAny();
      HubConnection connection = HubConnection.open(hub, console::progress);
      Step<AkseDeployState> step = AkseDeploySteps.plan(connection.arm(), deployment);
      Outcome<AkseDeployState> outcome = CommandSupport.runStep(console, step, AkseDeploySteps.initialState(deployment), hub.name());
      return result(hub, deployment, outcome, console);
    });
  }

  private CommandResult result(HubSpec hub, AkseDeployRequest deployment, Outcome<AkseDeployState> outcome, Console console) {
    AkseDeployResult result = AkseDeployResult.of(hub.name(), deployment, outcome);
    ObjectNode json = JSON.valueToTree(result.toPlainMap());
    json.put("status", outcome.status().name().toLowerCase(Locale.ROOT)).put("duration", outcome.elapsed().toString());
    if (!outcome.succeeded()) {
      console.error(outcome.message());
      json.put("message", outcome.message());
      return new CommandResult(outcome.status().exitCode(), "stamp deploy stopped (" + json.path("status").asText() + ") at deployment "
          + deployment.name() + "; see the error above", json);
    }
    if (deployment.whatIf()) {
      return new CommandResult(ExitCode.OK, outcome.message(), json);
    }
    String summary = "deployment " + deployment.name() + " " + result.result() + ": " + result.readyNodes() + "/" + result.expectedNodes()
        + " nodes Ready, API server " + result.masterFQDN() + ", Kubernetes " + result.kubernetesVersion() + ", correlation id "
        + result.correlationId();
    return new CommandResult(ExitCode.OK, summary, json);
  }
}
