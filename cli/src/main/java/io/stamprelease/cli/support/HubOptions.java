package io.stamprelease.cli.support;

import io.stamprelease.core.clients.hub.HubSpec;
import io.stamprelease.core.clients.hub.HubsFile;
import io.stamprelease.core.input.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** `--config hubs.yaml --hub NAME`: which hub a command talks to. Secrets come from files or variables the file names. */
public final class HubOptions {
  @Option(names = "--config", defaultValue = "hubs.yaml", description = "Hubs file (the format `stamp sim` writes). Default: ${DEFAULT-VALUE}.")
  Path config;

  @Option(names = "--hub", required = true, description = "Name of the hub in the hubs file.")
  public String hub;

  public HubsFile load() {
    if (!Files.isReadable(config)) {
      throw InvalidInputException.of("hubs file", HubsFile.Field.CONFIG, "cannot read hubs file '" + config
          + "' (write one, or run `stamp sim --dir DIR` and pass DIR/hubs.yaml)");
    }
    return HubsFile.load(config, System.getenv());
  }

  public HubSpec spec(HubsFile file) {
    return file.hub(hub);
  }
}
