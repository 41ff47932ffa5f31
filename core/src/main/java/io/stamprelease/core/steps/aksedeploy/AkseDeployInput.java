package io.stamprelease.core.steps.aksedeploy;

import io.stamprelease.core.input.InputField;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a user asks of {@code akseDeploy}, as given — the one entry point of the CLI's {@code stamp deploy}, the Jenkins
 * step and the release: where (hub, resource group, location), what (the {@code azuredeploy.json} /
 * {@code azuredeploy.parameters.json} pair {@code aks-engine-azurestack generate} writes, optionally its
 * {@code apimodel.json}) and how. It owns the defaults; {@link #validate()} reads the files and checks everything at once,
 * returning the {@link AkseDeployRequest} to run or throwing every problem, each naming its {@link Field}. Secrets only
 * ever come from the files. Durations stay text here, so a bad one is reported like any other field.
 */
public final class AkseDeployInput {
  public static final String DEFAULT_TIMEOUT = "30m";
  public static final String DEFAULT_POLL_INTERVAL = "10s";
  public static final String INCREMENTAL = "Incremental";

  /** The inputs, by their canonical names (the Jenkins arguments). */
  public enum Field implements InputField {
    HUB("hub"), RESOURCE_GROUP("resourceGroup"), LOCATION("location"), TEMPLATE("template"), PARAMETERS("parameters"),
    APIMODEL("apimodel"), DEPLOYMENT_NAME("deploymentName"), MODE("mode"), TIMEOUT("timeout"), KUBECONFIG("kubeconfig"),
    WHAT_IF("whatIf"), POLL_INTERVAL("pollInterval"), PARAMETER_OVERRIDES("parameterOverrides");

    private final String key;

    Field(String key) {
      this.key = key;
    }

    @Override
    public String key() {
      return key;
    }
  }

  String hub;
  String resourceGroup;
  String location;
  Path template;
  Path parameters;
  Path apimodel;
  String deploymentName;
  String mode;
  String timeout;
  Path kubeconfig;
  boolean whatIf;
  String pollInterval;
  Map<String, Object> parameterOverrides = new LinkedHashMap<>();

  public AkseDeployInput hub(String value) {
    hub = value;
    return this;
  }

  public AkseDeployInput resourceGroup(String value) {
    resourceGroup = value;
    return this;
  }

  /** Where to create the resource group if it is missing; absent: the apimodel's location. */
  public AkseDeployInput location(String value) {
    location = value;
    return this;
  }

  public AkseDeployInput template(Path value) {
    template = value;
    return this;
  }

  public AkseDeployInput parameters(Path value) {
    parameters = value;
    return this;
  }

  /** Optional {@code apimodel.json}, checked against the Hub rules. */
  public AkseDeployInput apimodel(Path value) {
    apimodel = value;
    return this;
  }

  /** Absent: {@code <dnsPrefix>-<template hash>}, so re-runs converge on one deployment. */
  public AkseDeployInput deploymentName(String value) {
    deploymentName = value;
    return this;
  }

  /** Only {@value #INCREMENTAL} is accepted (Complete would delete the cluster's other resources); absent: Incremental. */
  public AkseDeployInput mode(String value) {
    mode = value;
    return this;
  }

  /** The whole operation's deadline; absent: {@value #DEFAULT_TIMEOUT}. */
  public AkseDeployInput timeout(String value) {
    timeout = value;
    return this;
  }

  /** The cluster's kubeconfig file; absent: {@code kubeconfig/kubeconfig.<location>.json} beside the template. */
  public AkseDeployInput kubeconfig(Path value) {
    kubeconfig = value;
    return this;
  }

  public AkseDeployInput whatIf(boolean value) {
    whatIf = value;
    return this;
  }

  /** How often nodes (and a re-attached deployment) are looked at; absent: {@value #DEFAULT_POLL_INTERVAL}. */
  public AkseDeployInput pollInterval(String value) {
    pollInterval = value;
    return this;
  }

  /** Values that replace the parameters file's, e.g. {@code agentpool1Count}/{@code agentpool1Offset} for a scale-out. */
  public AkseDeployInput parameterOverrides(Map<String, Object> values) {
    parameterOverrides = new LinkedHashMap<>(values);
    return this;
  }

  /** Reads and checks everything before anything is contacted; throws every problem at once. */
  public AkseDeployRequest validate() {
    return AkseDeployValidator.validate(this);
  }
}
