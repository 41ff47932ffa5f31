package io.stamprelease.cli;

import picocli.CommandLine.Command;

/** `stamp rollout`: helm upgrade --install with watch-based fail-fast, rollback to the last good revision and a smoke probe. */
@Command(name = "rollout", mixinStandardHelpOptions = true, description = {"helm upgrade --install with watch-based fail-fast, rollback to the last good revision and a smoke probe.", "Not implemented in this build yet."})
final class RolloutCommand extends NotYetCommand {
}
