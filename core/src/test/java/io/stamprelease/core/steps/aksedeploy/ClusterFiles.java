package io.stamprelease.core.steps.aksedeploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stamprelease.testkit.arm.AksEngineTemplates.Cluster;
import io.stamprelease.testkit.arm.AksEngineTemplates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes what {@code aks-engine-azurestack generate} writes for a cluster: azuredeploy.json and azuredeploy.parameters.json. */
record ClusterFiles(Path dir, Path template, Path parameters) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static ClusterFiles write(Path dir, Cluster cluster) {
    try {
      Files.createDirectories(dir);
      Path template = dir.resolve("azuredeploy.json");
      Path parameters = dir.resolve("azuredeploy.parameters.json");
      Files.writeString(template, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(AksEngineTemplates.template(cluster)));
      Files.writeString(parameters, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(AksEngineTemplates.parametersFile(cluster)));
      return new ClusterFiles(dir, template, parameters);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
