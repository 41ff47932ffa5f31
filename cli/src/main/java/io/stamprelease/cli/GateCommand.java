package io.stamprelease.cli;

import picocli.CommandLine.Command;

/** `stamp gate`: Ask for the approval of a stamp's gate (approvers, quorum, expiry). */
@Command(name = "gate", mixinStandardHelpOptions = true, description = {"Ask for the approval of a stamp's gate (approvers, quorum, expiry).", "Not implemented in this build yet."})
final class GateCommand extends NotYetCommand {
}
