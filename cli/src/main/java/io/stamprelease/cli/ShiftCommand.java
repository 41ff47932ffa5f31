package io.stamprelease.cli;

import picocli.CommandLine.Command;

/** `stamp shift`: Shift DNS traffic between stamps (Traffic Manager or F5 BIG-IP DNS) with stepwise plans and guardrails. */
@Command(name = "shift", mixinStandardHelpOptions = true, description = {"Shift DNS traffic between stamps (Traffic Manager or F5 BIG-IP DNS) with stepwise plans and guardrails.", "Not implemented in this build yet."})
final class ShiftCommand extends NotYetCommand {
}
