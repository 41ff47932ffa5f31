package io.stamprelease.core.steps.aksescale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.stamprelease.core.input.Durations;
import io.stamprelease.core.input.InputField;
import io.stamprelease.core.input.ParseErrors;
import io.stamprelease.core.input.Problems;
import io.stamprelease.core.steps.aksedeploy.TemplateRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a user asks of {@code akseScale}, as given — the one entry point of {@code stamp scale}, the Jenkins step and the
 * release: set one agent pool of an AKS Engine cluster to {@code count} nodes. It owns the defaults and the rules for
 * reading its files (the same for every front end); {@link #validate()} returns the {@link ScaleRequest} to plan and run,
 * or throws every problem at once, each naming its {@link Field}.
 */
public final class AkseScaleInput {
  public static final String DEFAULT_DRAIN_TIMEOUT = "5m";
  public static final String DEFAULT_TIMEOUT = "30m";
  public static final String DEFAULT_POLL_INTERVAL = "5s";
  public static final int DEFAULT_MAX_PARALLEL_DRAINS = 1;
  static final String STEP = "akseScale";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** The inputs, by their canonical names (the Jenkins arguments). */
  public enum Field implements InputField {
    HUB("hub"), RESOURCE_GROUP("resourceGroup"), POOL("pool"), COUNT("count"), DRAIN_TIMEOUT("drainTimeout"),
    MAX_PARALLEL_DRAINS("maxParallelDrains"), FORCE("force"), TEMPLATE("template"), PARAMETERS("parameters"), KUBECONFIG("kubeconfig"),
    TIMEOUT("timeout"), POLL_INTERVAL("pollInterval");

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
  String pool;
  Integer count;
  String drainTimeout;
  Integer maxParallelDrains;
  boolean force;
  Path template;
  Path parameters;
  Path kubeconfigFile;
  String kubeconfigContents;
  String timeout;
  String pollInterval;
  final Set<Field> unknown = EnumSet.noneOf(Field.class);

  public AkseScaleInput hub(String value) {
    hub = value;
    return this;
  }

  public AkseScaleInput resourceGroup(String value) {
    resourceGroup = value;
    return this;
  }

  /** An agent pool such as {@code agentpool1}; masters cannot be scaled. */
  public AkseScaleInput pool(String value) {
    pool = value;
    return this;
  }

  /** The target node count, 1-50. */
  public AkseScaleInput count(Integer value) {
    count = value;
    return this;
  }

  /**
   * How long one node's drain may be blocked (e.g. by a PodDisruptionBudget) before the scale stops without deleting that
   * node; absent: {@value #DEFAULT_DRAIN_TIMEOUT}, or half the timeout when the timeout given is shorter than twice that.
   */
  public AkseScaleInput drainTimeout(String value) {
    drainTimeout = value;
    return this;
  }

  /** How many nodes are drained at the same time (1-10); absent: {@value #DEFAULT_MAX_PARALLEL_DRAINS}, as kubectl and aks-engine do. */
  public AkseScaleInput maxParallelDrains(Integer value) {
    maxParallelDrains = value;
    return this;
  }

  /** Also evict pods that no controller will re-create (kubectl drain --force). */
  public AkseScaleInput force(boolean value) {
    force = value;
    return this;
  }

  /** The cluster's {@code azuredeploy.json}; needed to scale out. */
  public AkseScaleInput template(Path value) {
    template = value;
    return this;
  }

  /** The {@code azuredeploy.parameters.json} beside it; needed to scale out. */
  public AkseScaleInput parameters(Path value) {
    parameters = value;
    return this;
  }

  /** The cluster's kubeconfig file. */
  public AkseScaleInput kubeconfig(Path file) {
    kubeconfigFile = file;
    return this;
  }

  /** The cluster's kubeconfig as contents (from a credential store), instead of a file; never written anywhere by us. */
  public AkseScaleInput kubeconfigContents(String contents) {
    kubeconfigContents = contents;
    return this;
  }

  /** The whole scale's deadline; absent: {@value #DEFAULT_TIMEOUT}. */
  public AkseScaleInput timeout(String value) {
    timeout = value;
    return this;
  }

  /** How often Nodes and drains are looked at again; absent: {@value #DEFAULT_POLL_INTERVAL}. */
  public AkseScaleInput pollInterval(String value) {
    pollInterval = value;
    return this;
  }

  /**
   * These fields' values come from a source that could not be read (e.g. the defaults of a hubs file whose own problem is
   * already reported): an absent value is not reported as missing. A value given is still judged.
   */
  public AkseScaleInput unknown(Field... fields) {
    unknown.addAll(List.of(fields));
    return this;
  }

  /** Every problem of the fields and files that can be judged without asking the hub; the request when there is none. */
  public ScaleRequest validate() {
    Problems problems = new Problems(STEP);
    Duration total = problems.duration(timeout, DEFAULT_TIMEOUT, Field.TIMEOUT);
    String drainDefault = DEFAULT_DRAIN_TIMEOUT;
    Duration fiveMinutes = Durations.parse(DEFAULT_DRAIN_TIMEOUT).orElseThrow();
    if (total != null && total.compareTo(fiveMinutes.multipliedBy(2)) < 0 && total.compareTo(Duration.ofSeconds(2)) >= 0) {
      drainDefault = total.dividedBy(2).toString(); // a default never conflicts with the timeout the user gave
    }
    Duration drain = problems.duration(drainTimeout, drainDefault, Field.DRAIN_TIMEOUT);
    Duration poll = problems.duration(pollInterval, DEFAULT_POLL_INTERVAL, Field.POLL_INTERVAL);
    String kubeconfig = kubeconfigContents != null ? kubeconfigContents : readKubeconfig(problems);
    JsonNode templateJson = template == null ? null : readJson(template, Field.TEMPLATE, problems);
    JsonNode parametersJson = parameters == null ? null : readJson(parameters, Field.PARAMETERS, problems);
    ScaleRequest request = new ScaleRequest(hub, resourceGroup, pool, count == null ? 0 : count, drain, maxParallelDrains == null
        ? DEFAULT_MAX_PARALLEL_DRAINS : maxParallelDrains, force, templateJson, parametersJson, kubeconfig, total, poll);
    request.validate(problems, count != null, unknown);
    problems.throwIfAny();
    return request;
  }


  /** The kubeconfig file's text when it is one (a {@code clusters:} list); null with a problem otherwise, or when none was given. */
  private String readKubeconfig(Problems problems) {
    if (kubeconfigFile == null) {
      return null;
    }
    try {
      String text = Files.readString(kubeconfigFile);
      JsonNode root = YAML.readTree(text);
      if (root == null || !root.path("clusters").isArray() || root.path("clusters").isEmpty()) {
        problems.add(Field.KUBECONFIG, "'" + kubeconfigFile + "' is not a kubeconfig (no 'clusters:' list)");
        return null;
      }
      return text;
    } catch (JsonProcessingException e) {
      problems.add(Field.KUBECONFIG, "'" + kubeconfigFile + "' is not a kubeconfig (not YAML: " + ParseErrors.where(e) + ")");
      return null;
    } catch (IOException e) {
      problems.add(Field.KUBECONFIG, "cannot read '" + kubeconfigFile + "': " + reason(e));
      return null;
    }
  }

  private static JsonNode readJson(Path file, Field field, Problems problems) {
    try {
      long size = Files.size(file);
      if (!problems.check(size <= TemplateRules.MAX_REQUEST_BYTES, field, "'" + file + "' is " + String.format(Locale.ROOT,
          "%.1f", size / 1048576.0) + " MB; ARM refuses a deployment request above 4 MB (413 RequestContentTooLarge), so it is not read")) {
        return null;
      }
      return JSON.readTree(Files.readString(file));
    } catch (JsonProcessingException e) {
      // line and column only: the token could be a secure parameter's value
      problems.add(field, "cannot read '" + file + "' as JSON (" + ParseErrors.where(e) + ")");
      return null;
    } catch (IOException e) {
      problems.add(field, "cannot read '" + file + "': " + reason(e));
      return null;
    }
  }

  private static String reason(IOException e) {
    String m = e instanceof NoSuchFileException ? "no such file" : String.valueOf(e.getMessage());
    return m.lines().findFirst().orElse("");
  }
}
