package io.stamprelease.cli.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stamprelease.core.engine.Checkpoint;
import io.stamprelease.core.engine.CheckpointCodec;
import io.stamprelease.core.engine.Engine;
import io.stamprelease.core.engine.Outcome;
import io.stamprelease.core.engine.Step;
import io.stamprelease.core.engine.TerminalException;
import io.stamprelease.core.engine.UnreachableException;
import io.stamprelease.core.files.AtomicFile;
import io.stamprelease.core.files.ExclusiveLock;
import io.stamprelease.core.input.FieldLabels;
import io.stamprelease.core.input.InputField;
import io.stamprelease.core.input.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * The shared shape of every `stamp` operation command: run the work, print progress on stderr and the
 * result on stdout (text or {@code --output json}), and map failures to exit codes — invalid input 2
 * (nothing written), unreachable hub 3, anything else that stopped the operation 1.
 */
public final class CommandSupport {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CommandSupport() {
  }

  /** The {@code --state FILE} a single step journals to. */
  enum StateField implements InputField {
    STATE;

    @Override
    public String key() {
      return "state";
    }
  }

  /** As {@link #execute(Console, String, FieldLabels, Callable)} for a command whose fields are all named by their flags. */
  public static int execute(Console console, String output, Callable<CommandResult> work) {
    return execute(console, output, FieldLabels.FLAGS, work);
  }

  /**
   * Runs a command's work. Invalid input (core's {@link InvalidInputException}, every problem named by the command's
   * flag through {@code labels}) is exit 2; a hub that cannot be reached is 3; an operation that stopped is 1. Any other
   * exception — a JDK or library {@code IllegalArgumentException} included — is a bug, reported as such with exit 1,
   * never as invalid input.
   */
  public static int execute(Console console, String output, FieldLabels labels, Callable<CommandResult> work) {
    if (!output.equals("text") && !output.equals("json")) {
      console.error("--output: must be text or json (was '" + output + "')");
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
    } catch (InvalidInputException e) {
      console.error(e.render(labels));
      return ExitCode.INVALID_INPUT;
    } catch (UnreachableException e) {
      console.error(e.getMessage());
      return ExitCode.UNREACHABLE;
    } catch (TerminalException e) {
      console.error(e.getMessage());
      return ExitCode.FAILED;
    } catch (Exception e) {
      console.error("unexpected error (a bug; please report it with this line): " + e);
      return ExitCode.FAILED;
    }
  }

  /** Runs a core step to its end with progress lines on stderr; Ctrl-C cancels it between task calls. */
  public static <S> Outcome<S> runStep(Console console, Step<S> step, S initialState, String stamp) {
    return runStep(console, step, initialState, stamp, null);
  }

  /**
   * As above, journaling every checkpoint to {@code stateFile} ({@link CheckpointCodec}, written by {@link AtomicFile}) when one is
   * given: if the file exists the step continues from it (a re-run after a crash), and it is deleted when the step
   * ends, because an ended step has nothing to continue. A state file has one writer: its lock ({@code <state>.lock},
   * {@link ExclusiveLock}) is taken before it is read and held until the step ends; a second process on the same file is
   * invalid input naming the first, and writes nothing.
   */
  public static <S> Outcome<S> runStep(Console console, Step<S> step, S initialState, String stamp, Path stateFile) {
    if (stateFile == null) {
      return runStep(console, step, initialState, stamp, null, null);
    }
    try (ExclusiveLock lock = lockState(stateFile, step.name())) {
      return runStep(console, step, initialState, stamp, stateFile, lock);
    }
  }

  private static <S> Outcome<S> runStep(Console console, Step<S> step, S initialState, String stamp, Path stateFile, ExclusiveLock held) {
    Engine engine = Engine.system(event -> console.progress(event.line()));
    Engine.Cancellation cancellation = new Engine.Cancellation();
    Thread hook = new Thread(cancellation::cancel, "stamp-cancel");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      Checkpoint<S> start = stateFile != null && Files.exists(stateFile) ? readState(console, stateFile, stateType(initialState))
          : engine.start(step, initialState);
      if (stateFile == null) {
        return engine.run(step, start, stamp, cancellation);
      }
      writeState(stateFile, start);
      Outcome<S> outcome = engine.run(step, start, stamp, cancellation, cp -> writeState(stateFile, cp));
      if (outcome.status() != Outcome.Status.CANCELLED) {
        deleteState(stateFile);
      }
      return outcome;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is already exiting; the hook has done its job
      }
    }
  }

  /** The state file's one-writer lock, then the sweep of a killed writer's temporary files beside it. */
  private static ExclusiveLock lockState(Path stateFile, String stepName) {
    ExclusiveLock lock;
    try {
      lock = ExclusiveLock.acquire(stateFile.toAbsolutePath().resolveSibling(stateFile.getFileName() + ".lock"), "stamp " + stepName);
    } catch (ExclusiveLock.HeldException e) {
      throw InvalidInputException.of("state file", StateField.STATE, "'" + stateFile + "' is in use by another run: " + e.holder().describe()
          + "; a state file has one writer: wait for that run to end or stop it, then run this command again");
    }
    try {
      AtomicFile.sweepTemporaries(stateFile);
      return lock;
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  @SuppressWarnings("unchecked")
  private static <S> Class<S> stateType(S initialState) {
    return (Class<S>) initialState.getClass();
  }

  private static <S> Checkpoint<S> readState(Console console, Path file, Class<S> stateType) {
    try {
      Checkpoint<S> cp = CheckpointCodec.fromBytes(Files.readAllBytes(file), stateType);
      console.progress("continuing from " + file + " (task " + (cp.taskIndex() + 1) + ")");
      return cp;
    } catch (IOException | CheckpointCodec.UnreadableCheckpointException e) {
      throw InvalidInputException.of("state file", StateField.STATE, "'" + file + "' is not a state file this build can continue from: "
          + e.getMessage());
    }
  }

  private static void writeState(Path file, Checkpoint<?> cp) {
    AtomicFile.write(file, CheckpointCodec.toBytes(cp));
  }

  private static void deleteState(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
