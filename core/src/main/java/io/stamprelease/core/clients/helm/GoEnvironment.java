package io.stamprelease.core.clients.helm;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The environment Helm's Go runtime will see, set before its library loads (Linux, glibc).
 *
 * <p>Why this is not {@code setenv(3)}: a Go library built with {@code -buildmode=c-shared} copies its environment
 * once, when it is loaded, from the process's <em>initial</em> environment array — the one the kernel put on the
 * stack at {@code execve}, right after {@code argv} ({@code runtime.goenvs} reads {@code argv[argc+1…]}) — not from
 * glibc's {@code environ}. {@code setenv} of an existing variable writes into that array only as long as glibc has not
 * moved {@code environ} to the heap, which it does the first time any new variable is added; so the earlier
 * {@code setenv} calls reached Helm only when HOME happened to be set before a new variable (a {@code Map.of} order),
 * and runs wrote Helm's discovery cache under the user's {@code ~/.kube/cache}.
 *
 * <p>So the initial array is found where the kernel put it — {@code /proc/self/stat} gives the addresses of the
 * argument and environment strings, the pointer array lies below them on the stack, {@code argc} just before
 * {@code argv} — and the pointers of variables that are present are replaced by pointers to new strings (kept alive
 * for the JVM's life). Variables can only be replaced, not added: the array has no room. glibc's {@code environ} is
 * first moved to the heap (by adding {@link #MARKER}), so the replacement changes what Go sees and nothing that C code
 * or child processes of this JVM see.
 */
final class GoEnvironment {
  /** Added to glibc's environment (moving it off the initial array); its value is the private directory. */
  static final String MARKER = "STAMP_RELEASE_HELM_ENV";
  /** Strings the patched pointers point to: never freed. */
  private static final List<Memory> KEPT = new ArrayList<>();
  /** Where {@code envp[0]} was found (before any entry was replaced, so {@code envp[0]} still pointed at env_start). */
  private static long envp;

  private GoEnvironment() {
  }

  /** The C library's setenv; JNA binds it by name. */
  interface LibC extends Library {
    int setenv(String name, String value, int overwrite);
  }

  /** What {@link #replace} did: the variables replaced, and why nothing was when it could not. */
  record Result(Set<String> replaced, String problem) {
    boolean inEffect() {
      return problem == null;
    }
  }

  /**
   * Replaces, in the initial environment array, each variable of {@code values} that is present there. Must run before
   * Helm's library loads. Never throws: a process whose layout is not the expected one is left as it was, and the
   * result says why.
   */
  static synchronized Result replace(Map<String, String> values, String marker) {
    try {
      long envp = envp();
      LibC libc = Native.load("c", LibC.class);
      if (libc.setenv(MARKER, marker, 1) != 0) {
        return new Result(Set.of(), "setenv " + MARKER + " failed");
      }
      Set<String> replaced = new LinkedHashSet<>();
      for (long slot = envp; ; slot += Native.POINTER_SIZE) {
        Pointer entry = new Pointer(slot).getPointer(0);
        if (entry == null) {
          break;
        }
        String text = entry.getString(0, StandardCharsets.UTF_8.name());
        int eq = text.indexOf('=');
        String name = eq < 0 ? text : text.substring(0, eq);
        String value = values.get(name);
        if (value != null) {
          byte[] bytes = (name + "=" + value).getBytes(StandardCharsets.UTF_8);
          Memory string = new Memory(bytes.length + 1L);
          string.write(0, bytes, 0, bytes.length);
          string.setByte(bytes.length, (byte) 0);
          KEPT.add(string);
          new Pointer(slot).setPointer(0, string);
          replaced.add(name);
        }
      }
      // read back what Go will copy: a layout read wrongly would otherwise pass unnoticed until Helm wrote under the user's HOME
      for (String name : replaced) {
        if (!values.get(name).equals(initialValue(name))) {
          return new Result(replaced, "after the replacement Go would still read " + name + "=" + initialValue(name));
        }
      }
      return new Result(replaced, null);
    } catch (IOException | RuntimeException | LinkageError e) {
      return new Result(Set.of(), e.toString());
    }
  }

  /** The value Go would read for {@code name} now (null when absent): {@link #replace} checks its work with it. */
  static synchronized String initialValue(String name) {
    try {
      long envp = envp();
      for (long slot = envp; ; slot += Native.POINTER_SIZE) {
        Pointer entry = new Pointer(slot).getPointer(0);
        if (entry == null) {
          return null;
        }
        String text = entry.getString(0, StandardCharsets.UTF_8.name());
        if (text.startsWith(name + "=")) {
          return text.substring(name.length() + 1);
        }
      }
    } catch (IOException e) {
      return null;
    }
  }

  private static long envp() throws IOException {
    if (envp == 0) {
      envp = Layout.read().findEnvp();
    }
    return envp;
  }

  /** Where the kernel put argv and the environment, and the stack mapping around them. */
  private record Layout(long argStart, long envStart, long stackLow, long stackHigh) {
    static Layout read() throws IOException {
      if (Native.POINTER_SIZE != 8) {
        throw new IOException("not a 64-bit process");
      }
      String stat = Files.readString(Path.of("/proc/self/stat"));
      // fields after "(comm)": the first is field 3 (state); arg_start is field 48, env_start field 50 (proc(5))
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
      if (fields.length < 49) {
        throw new IOException("/proc/self/stat has no argument and environment addresses");
      }
      long argStart = Long.parseUnsignedLong(fields[48 - 3]);
      long envStart = Long.parseUnsignedLong(fields[50 - 3]);
      for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
        String[] range = line.substring(0, line.indexOf(' ')).split("-");
        long low = Long.parseUnsignedLong(range[0], 16);
        long high = Long.parseUnsignedLong(range[1], 16);
        if (Long.compareUnsigned(low, argStart) <= 0 && Long.compareUnsigned(argStart, high) < 0) {
          return new Layout(argStart, envStart, low, high);
        }
      }
      throw new IOException("the argument strings are in no mapping of /proc/self/maps");
    }

    /**
     * The address of {@code envp[0]}: below the strings, scanning down the stack mapping for {@code argv[0]} (a word
     * equal to {@code arg_start}) preceded by {@code argc} and followed by argc pointers, a null and {@code envp[0]}
     * equal to {@code env_start}.
     */
    long findEnvp() throws IOException {
      for (long word = (argStart & ~7L) - 8; Long.compareUnsigned(word, stackLow + 8) >= 0; word -= 8) {
        if (new Pointer(word).getLong(0) != argStart) {
          continue;
        }
        long argc = new Pointer(word - 8).getLong(0);
        if (argc < 1 || argc > 1_000_000) {
          continue;
        }
        long end = word + 8 * argc;
        if (Long.compareUnsigned(end + 8, stackHigh) >= 0 || new Pointer(end).getLong(0) != 0) {
          continue;
        }
        long envp = end + 8;
        long first = new Pointer(envp).getLong(0);
        if (first == envStart || first == 0) {
          return envp;
        }
      }
      throw new IOException("the initial environment array was not found below the argument strings");
    }
  }
}
