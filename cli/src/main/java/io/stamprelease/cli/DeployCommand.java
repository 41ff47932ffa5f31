package io.stamprelease.cli;

import picocli.CommandLine.Command;

/** `stamp deploy`: Deploy or converge an AKS Engine cluster on a hub (ARM template deployment, Incremental). */
@Command(name = "deploy", mixinStandardHelpOptions = true, description = {"Deploy or converge an AKS Engine cluster on a hub (ARM template deployment, Incremental).", "Not implemented in this build yet."})
final class DeployCommand extends NotYetCommand {
}
