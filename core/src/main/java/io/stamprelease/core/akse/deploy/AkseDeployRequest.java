package io.stamprelease.core.akse.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a user asks of {@code akseDeploy}: where (hub, resource group, location), what (the
 * {@code azuredeploy.json} / {@code azuredeploy.parameters.json} pair {@code aks-engine-azurestack generate}
 * writes, optionally its {@code apimodel.json}), and how. Nothing here is trusted until
 * {@link AkseDeployValidator#validate} has checked it; secrets only ever come from the files.
 *
 * @param location           where to create the resource group if it is missing (null: the apimodel's location, if given)
 * @param apimodel           optional {@code apimodel.json}, checked against the Hub rules
 * @param deploymentName     null: {@code <dnsPrefix>-<template hash>}, so re-runs converge on one deployment
 * @param mode               only {@code Incremental} is accepted (Complete would delete the cluster's other resources)
 * @param kubeconfig         the cluster's kubeconfig file (null: {@code kubeconfig/kubeconfig.<location>.json} beside the template)
 * @param parameterOverrides values that replace the parameters file's, e.g. {@code agentpool1Count}/{@code agentpool1Offset}
 *                           for a scale-out; plain JSON values (numbers, strings, booleans)
 */
public record AkseDeployRequest(String hub, String resourceGroup, String location, Path template, Path parameters, Path apimodel,
    String deploymentName, String mode, Duration timeout, Path kubeconfig, boolean whatIf, Map<String, Object> parameterOverrides) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);
  public static final String INCREMENTAL = "Incremental";

  public AkseDeployRequest {
    parameterOverrides = parameterOverrides == null ? Map.of() : new LinkedHashMap<>(parameterOverrides);
    mode = mode == null ? INCREMENTAL : mode;
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
  }

  /** The minimal request: template pair into a resource group, every option at its default. */
  public static AkseDeployRequest of(String hub, String resourceGroup, String location, Path template, Path parameters, Path kubeconfig) {
    return new AkseDeployRequest(hub, resourceGroup, location, template, parameters, null, null, INCREMENTAL, DEFAULT_TIMEOUT, kubeconfig,
        false, Map.of());
  }

  public AkseDeployRequest withOverrides(Map<String, Object> overrides) {
    return new AkseDeployRequest(hub, resourceGroup, location, template, parameters, apimodel, deploymentName, mode, timeout, kubeconfig,
        whatIf, overrides);
  }

  public AkseDeployRequest withWhatIf(boolean value) {
    return new AkseDeployRequest(hub, resourceGroup, location, template, parameters, apimodel, deploymentName, mode, timeout, kubeconfig,
        value, parameterOverrides);
  }

  public AkseDeployRequest withTimeout(Duration value) {
    return new AkseDeployRequest(hub, resourceGroup, location, template, parameters, apimodel, deploymentName, mode, value, kubeconfig,
        whatIf, parameterOverrides);
  }
}
