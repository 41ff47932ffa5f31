package io.stamprelease.cli;

import picocli.CommandLine.Command;

/** `stamp scale`: Set the node count of an AKS Engine pool (1-50), draining nodes through the Eviction API on scale-in. */
@Command(name = "scale", mixinStandardHelpOptions = true, description = {"Set the node count of an AKS Engine pool (1-50), draining nodes through the Eviction API on scale-in.", "Not implemented in this build yet."})
final class ScaleCommand extends NotYetCommand {
}
