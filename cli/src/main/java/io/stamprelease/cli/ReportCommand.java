package io.stamprelease.cli;

import picocli.CommandLine.Command;

/** `stamp report`: Regenerate release-report.html from release.json. */
@Command(name = "report", mixinStandardHelpOptions = true, description = {"Regenerate release-report.html from release.json.", "Not implemented in this build yet."})
final class ReportCommand extends NotYetCommand {
}
