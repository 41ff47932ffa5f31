package io.stamprelease.core.steps.helmrollout;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import com.marcnuri.helm.UpgradeCommand;
import io.stamprelease.core.clients.helm.HelmCalls;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The helm-java commands of a request: {@code upgrade --install} and {@code template}, with its chart, values and sets. */
final class HelmCommands {
  private final HelmSession session;
  private final HelmRolloutRequest request;

  HelmCommands(HelmSession session) {
    this.session = session;
    this.request = session.request();
  }

  UpgradeCommand upgrade() throws IOException {
    UpgradeCommand cmd = switch (request.chartKind()) {
      case DIRECTORY, PACKAGE -> new Helm(Path.of(request.chart())).upgrade();
      case OCI -> Helm.upgrade(request.chart());
      case REPOSITORY -> Helm.upgrade(request.chart()).withRepositoryConfig(repositoryConfig());
    };
    // helm-java 0.0.21 ignores withKubeConfigContents on upgrade (HJ #252: it falls back to ~/.kube/config or
    // localhost:8080), so upgrade alone gets the contents as a file in our private 0700 directory, never in the workspace
    cmd.install().withName(request.release()).withNamespace(request.namespace()).withKubeConfig(session.kubeconfigFile())
        .withTimeout(session.helmTimeoutSeconds());
    if (request.createNamespace()) {
      cmd.createNamespace();
    }
    if (request.chartVersion() != null) {
      cmd.withVersion(request.chartVersion());
    }
    request.valuesFiles().forEach(cmd::withValuesFile);
    setPairs().forEach(cmd::set);
    return cmd;
  }

  TemplateCommand template() throws IOException {
    TemplateCommand cmd = switch (request.chartKind()) {
      case DIRECTORY, PACKAGE -> new Helm(Path.of(request.chart())).template();
      case OCI -> Helm.template(request.chart());
      case REPOSITORY -> Helm.template(request.chart()).withRepositoryConfig(repositoryConfig());
    };
    cmd.withName(request.release()).withNamespace(request.namespace());
    if (request.chartVersion() != null) {
      cmd.withVersion(request.chartVersion());
    }
    request.valuesFiles().forEach(cmd::withValuesFile);
    setPairs().forEach(cmd::set);
    return cmd;
  }

  private Map<String, String> setPairs() {
    Map<String, String> pairs = new LinkedHashMap<>();
    for (String pair : request.set()) {
      for (String one : HelmRolloutRequest.splitSet(pair)) {
        int eq = one.indexOf('=');
        pairs.put(one.substring(0, eq), one.substring(eq + 1));
      }
    }
    return pairs;
  }

  /** {@code repo/name} with a URL: the repository is added to a private repositories file, never the user's. */
  private Path repositoryConfig() throws IOException {
    Path config = session.privateDir().resolve("repositories.yaml");
    if (!Files.exists(config)) {
      String name = request.chart().substring(0, request.chart().indexOf('/'));
      HelmCalls.call("repo add", request.timeout(), () -> Helm.repo().add().withRepositoryConfig(config).withName(name)
          .withUrl(URI.create(request.repositoryUrl())).call());
    }
    return config;
  }
}
