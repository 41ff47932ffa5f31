package io.stamprelease.core.clients.helm;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps the JVM's own handlers of SIGINT, SIGTERM and SIGQUIT while Helm runs in it.
 *
 * <p>helm-java's {@code Install} (which {@code upgrade --install} runs for a first install) calls Go's
 * {@code signal.Notify(…, SIGINT, SIGTERM, SIGKILL, SIGQUIT)} to cancel its context, and never {@code signal.Stop}: from
 * then on Go's handler owns those signals for the whole process. The JVM no longer sees them — Ctrl-C, {@code kill},
 * a CI abort neither stop it nor run its shutdown hooks (which delete the run directory with the kubeconfig copies),
 * and {@code jstack} cannot attach. So the JVM's {@code sigaction}s are saved before Helm's library loads and put back
 * whenever they changed: {@link HelmCalls} checks while a call runs and after it. A signal that arrives in the instant
 * between Go taking a handler and it being put back reaches Go, which only cancels that Helm call.
 *
 * <p>The {@code struct sigaction} is copied as opaque bytes (glibc's is 152 bytes on 64-bit Linux), read and written only
 * through glibc's {@code sigaction(2)} wrapper. Linux only; elsewhere this does nothing.
 */
final class HelmSignals {
  /** SIGINT, SIGQUIT, SIGTERM: the same numbers on every Linux architecture helm-java ships for. */
  static final int[] SIGNALS = {2, 3, 15};
  private static final int STRUCT_BYTES = 512;
  private static final Map<Integer, byte[]> SAVED = new LinkedHashMap<>();
  private static LibC libc;

  private HelmSignals() {
  }

  interface LibC extends Library {
    int sigaction(int signal, Pointer action, Pointer previous);
  }

  /** Saves the JVM's handlers, once, before Helm's library loads. */
  static synchronized void save() {
    if (!SAVED.isEmpty() || !Platform.isLinux()) {
      return;
    }
    try {
      libc = Native.load("c", LibC.class);
      for (int signal : SIGNALS) {
        byte[] current = read(signal);
        if (current != null) {
          SAVED.put(signal, current);
        }
      }
    } catch (LinkageError | RuntimeException e) {
      SAVED.clear(); // without libc's sigaction nothing can be kept; Helm still runs
    }
  }

  /** Puts back every saved handler that something (Go's signal.Notify) replaced; returns how many were put back. */
  static synchronized int restoreIfChanged() {
    int restored = 0;
    for (Map.Entry<Integer, byte[]> saved : SAVED.entrySet()) {
      byte[] now = read(saved.getKey());
      if (now != null && !Arrays.equals(now, saved.getValue())) {
        Memory action = new Memory(STRUCT_BYTES);
        action.write(0, saved.getValue(), 0, STRUCT_BYTES);
        if (libc.sigaction(saved.getKey(), action, null) == 0) {
          restored++;
        }
      }
    }
    return restored;
  }

  /** The handler of {@code signal} now (opaque bytes), or null when it cannot be read. */
  static synchronized byte[] current(int signal) {
    return libc == null ? null : read(signal);
  }

  private static byte[] read(int signal) {
    Memory buffer = new Memory(STRUCT_BYTES);
    buffer.clear();
    return libc.sigaction(signal, null, buffer) == 0 ? buffer.getByteArray(0, STRUCT_BYTES) : null;
  }
}
