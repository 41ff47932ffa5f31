package io.stamprelease.cli;

import picocli.CommandLine.Command;

/** `stamp release`: Run a stamps.yaml release plan wave by wave, resumably. */
@Command(name = "release", mixinStandardHelpOptions = true, description = {"Run a stamps.yaml release plan wave by wave, resumably.", "Not implemented in this build yet."})
final class ReleaseCommand extends NotYetCommand {
}
