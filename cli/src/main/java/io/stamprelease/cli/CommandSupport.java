package io.stamprelease.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stamprelease.core.engine.Engine;
import io.stamprelease.core.engine.Outcome;
import io.stamprelease.core.engine.Step;
import io.stamprelease.core.engine.TerminalException;
import io.stamprelease.core.engine.UnreachableException;
import java.util.concurrent.Callable;

/**
 * The shared shape of every `stamp` operation command: run the work, print progress on stderr and the
 * result on stdout (text or {@code --output json}), and map failures to exit codes — invalid input 2
 * (nothing written), unreachable hub 3, anything else that stopped the operation 1.
 */
final class CommandSupport {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CommandSupport() {
  }

  static int execute(Console console, String output, Callable<CommandResult> work) {
    if (!output.equals("text") && !output.equals("json")) {
      console.error("--output must be text or json (was '" + output + "')");
      return ExitCode.INVALID_INPUT;
    }
    try {
      CommandResult result = work.call();
      if (output.equals("json")) {
        console.result(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result.json()));
      } else {
        console.result(result.summary());
      }
      return result.exitCode();
    } catch (IllegalArgumentException e) {
      console.error(e.getMessage());
      return ExitCode.INVALID_INPUT;
    } catch (UnreachableException e) {
      console.error(e.getMessage());
      return ExitCode.UNREACHABLE;
    } catch (TerminalException e) {
      console.error(e.getMessage());
      return ExitCode.FAILED;
    } catch (Exception e) {
      console.error(e.toString());
      return ExitCode.FAILED;
    }
  }

  /** Runs a core step to its end with progress lines on stderr; Ctrl-C cancels it between task calls. */
  static <S> Outcome<S> runStep(Console console, Step<S> step, S initialState, String stamp) {
    Engine engine = Engine.system(event -> console.progress(event.line()));
    Engine.Cancellation cancellation = new Engine.Cancellation();
    Thread hook = new Thread(cancellation::cancel, "stamp-cancel");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return engine.run(step, engine.start(step, initialState), stamp, cancellation);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is already exiting; the hook has done its job
      }
    }
  }
}
