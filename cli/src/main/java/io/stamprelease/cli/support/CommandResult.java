package io.stamprelease.cli.support;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** What a command prints when it ends: a one-line text summary, the JSON result, and the exit code. */
public record CommandResult(int exitCode, String summary, ObjectNode json) {
}
