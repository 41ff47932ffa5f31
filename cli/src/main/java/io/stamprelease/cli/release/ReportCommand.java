package io.stamprelease.cli.release;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stamprelease.cli.support.CommandResult;
import io.stamprelease.cli.support.CommandSupport;
import io.stamprelease.cli.support.Console;
import io.stamprelease.cli.support.ExitCode;
import io.stamprelease.core.report.ReleaseJson;
import io.stamprelease.core.report.ReleaseRecord;
import io.stamprelease.core.report.ReleaseReports;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `stamp report`: regenerates release-report.html from a release.json — read strictly, render, write; nothing else. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Regenerate release-report.html from release.json.",
        "The page is self-contained (inline CSS and SVG, nothing loaded from any network), so it opens on an air-gapped network."})
public final class ReportCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec
  CommandSpec spec;

  @Option(names = "--json", paramLabel = "FILE", required = true, description = "The release.json a release wrote.")
  Path json;

  @Option(names = "--out", paramLabel = "FILE", description = "Where to write the page (default: release-report.html beside the JSON file).")
  Path out;

  @Option(names = "--output", defaultValue = "text", description = "text or json (what is printed on stdout).")
  String output;

  @Override
  public Integer call() {
    Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr());
    return CommandSupport.execute(console, output, () -> {
      ReleaseRecord record = ReleaseJson.read(json); // InvalidInputException → exit 2, nothing written
      Path html = out != null ? out : json.toAbsolutePath().resolveSibling(ReleaseReports.HTML_FILE);
      ReleaseReports.writeHtml(record, html);
      ObjectNode result = JSON.createObjectNode();
      result.put("release", record.release()).put("result", record.result().name().toLowerCase(Locale.ROOT))
          .put("stamps", record.stamps().size()).put("json", json.toString()).put("html", html.toString());
      return new CommandResult(ExitCode.OK, "wrote " + html + " (release " + record.release() + ", " + record.stamps().size() + " stamps, "
          + record.result().name().toLowerCase(Locale.ROOT) + ")", result);
    });
  }
}
