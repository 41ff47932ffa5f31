package io.stamprelease.plugin.agent;

import hudson.AbortException;
import hudson.model.Run;
import hudson.util.ListBoxModel;
import java.io.Serializable;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * One writer per stamp and step on this controller: while a build's step works on a target (the step, its stamp —
 * hub, GSLB or cluster — and what it changes there: a resource group, a pool, a Helm release, a traffic profile),
 * the same step of another build (or branch) on the same target waits or fails, by its {@code concurrent} argument.
 *
 * <p>The registry lives in the controller's memory, never on an agent (two builds' agents may differ) and never on
 * disk: a controller restart empties it, and the resumed steps that held a key take it again ({@link #reclaim}).
 * A key lasts no longer than its build: the step gives it back when it ends, fails or is stopped, and a key whose
 * holder's build no longer runs (killed without its steps being stopped) is dropped by the next one that asks.
 */
public final class OneWriter {
  /** The controller's registry; a waiting step that resumes after a restart asks Jenkins whether its holder's build still runs. */
  public static final OneWriter CONTROLLER = new OneWriter(OneWriter::building);

  /** What a second build's step does while the target is held: {@code wait} (the default) or {@code fail}. */
  public enum Mode {
    WAIT, FAIL;

    public static final String FIELD = "concurrent";

    public String value() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The argument's value (blank: {@code wait}); anything else is refused naming the argument and the allowed values. */
    public static Mode parse(String step, String value) throws AbortException {
      if (StepInputs.blank(value)) {
        return WAIT;
      }
      for (Mode m : values()) {
        if (m.value().equals(value.trim())) {
          return m;
        }
      }
      throw new AbortException("[" + step + "] invalid input: " + FIELD + ": must be 'wait' (wait for the other build to end) or 'fail' "
          + "(fail at once naming it), not '" + value.trim() + "'");
    }

    /** The form's drop-down. */
    public static ListBoxModel items() {
      ListBoxModel items = new ListBoxModel();
      items.add("Wait for the other build (wait)", WAIT.value());
      items.add("Fail at once, naming it (fail)", FAIL.value());
      return items;
    }
  }

  /**
   * What a step writes: {@code step} on {@code stamp} changes {@code subject} ("resource group rg-seattle"), a change
   * a person reads as {@code doing subject} ("deploying resource group rg-seattle"). The key is step, stamp and subject.
   */
  public record Target(String step, String stamp, String subject, String doing) implements Serializable {
    private static final long serialVersionUID = 1L;

    String key() {
      return step + '\n' + stamp + '\n' + subject;
    }

    String activity() {
      return doing + " " + subject + " on " + stamp;
    }
  }

  /** Who holds a key: the step execution ({@code owner}), its build (externalizable id, full display name, URL), since when. */
  public record Holder(String owner, String build, String name, String url, Instant since) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The holder {@code owner} of {@code run} would be from now on. */
    public static Holder of(String owner, Run<?, ?> run, Instant now) {
      return new Holder(owner, run.getExternalizableId(), run.getFullDisplayName(), run.getUrl(), now.truncatedTo(ChronoUnit.SECONDS));
    }

    String describe() {
      return name + " (" + url + ")";
    }
  }

  /**
   * The answer to {@link #take}: {@code other} is empty when the key is now the caller's; {@code live} is false when
   * the key was free but the caller must still defer to the holder it saw before the controller restarted.
   */
  public record Decision(Optional<Holder> other, boolean live) {
    public boolean taken() {
      return other.isEmpty();
    }
  }

  private record Entry(Holder holder, BooleanSupplier building) {
  }

  private final ConcurrentHashMap<String, Entry> held = new ConcurrentHashMap<>();
  private final Predicate<String> buildRunning;

  /** {@code buildRunning}: whether the build of this externalizable id still runs (asked only after a restart). */
  public OneWriter(Predicate<String> buildRunning) {
    this.buildRunning = buildRunning;
  }

  /**
   * Takes {@code target}'s key for {@code me} (whose build runs while {@code building} says so), or names who holds
   * it. A holder whose build no longer runs is dropped. {@code deferTo}: the holder this step waited for before a
   * controller restart, or null; while the key is free and that holder's build still runs, it is left for that
   * holder to take again when its build resumes.
   */
  public Decision take(Target target, Holder me, BooleanSupplier building, Holder deferTo) {
    String key = target.key();
    while (true) {
      Entry current = held.get(key);
      if (current == null) {
        if (deferTo != null && !deferTo.owner().equals(me.owner()) && buildRunning.test(deferTo.build())) {
          return new Decision(Optional.of(deferTo), false);
        }
        if (held.putIfAbsent(key, new Entry(me, building)) == null) {
          return new Decision(Optional.empty(), true);
        }
      } else if (current.holder().owner().equals(me.owner())) {
        return new Decision(Optional.empty(), true);
      } else if (!current.building().getAsBoolean()) {
        held.remove(key, current); // its build has ended without giving the key back
      } else {
        return new Decision(Optional.of(current.holder()), true);
      }
    }
  }

  /**
   * A resumed step that held {@code target}'s key takes it again; if another step took it meanwhile (one that had
   * never seen this holder), that one is named so the log can say so.
   */
  public Optional<Holder> reclaim(Target target, Holder me, BooleanSupplier building) {
    Decision d = take(target, me, building, null);
    return d.other();
  }

  /** Gives {@code target}'s key back if {@code owner} holds it. */
  public void release(Target target, String owner) {
    held.computeIfPresent(target.key(), (k, e) -> e.holder().owner().equals(owner) ? null : e);
  }

  /** The holder of {@code target}'s key, if any (for the status and tests). */
  public Optional<Holder> holder(Target target) {
    return Optional.ofNullable(held.get(target.key())).map(Entry::holder);
  }

  /** The one line printed when a step starts waiting for {@code other}. */
  public static String waitingLine(Target target, Holder other) {
    return "[" + target.step() + "] waiting for " + other.describe() + " which has been " + target.activity() + " since " + other.since()
        + " (concurrent: 'wait')";
  }

  /** Why a step with {@code concurrent: 'fail'} did not start. */
  public static AbortException refusal(Target target, Holder other) {
    return new AbortException("[" + target.step() + "] not started: " + other.describe() + " has been " + target.activity() + " since "
        + other.since() + "; one writer per stamp and step (concurrent: 'fail'; concurrent: 'wait' waits for it instead)");
  }

  /** Whether the build still runs; a build that cannot be read (deleted, malformed id) does not. */
  private static boolean building(String externalizableId) {
    try {
      Run<?, ?> run = Run.fromExternalizableId(externalizableId);
      return run != null && run.isBuilding();
    } catch (IllegalArgumentException e) {
      return false;
    } catch (RuntimeException e) {
      return true; // not allowed to read it (AccessDeniedException): keep deferring, the holder's build ends on its own
    }
  }
}
