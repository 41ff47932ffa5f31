package io.stamprelease.plugin.offline;

import hudson.FilePath;
import hudson.model.TaskListener;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What {@code FilePath.act(callable)} does to a call over a Remoting channel, without Jenkins: the callable is
 * serialized to the agent and the copy is invoked there; its result — or the exception it throws — is serialized back
 * and the controller gets the copy. The controller reads with Jenkins 2.541.3's JEP-200 class filter
 * ({@code jenkins.security.ClassFilterImpl}), modelled here from its source: the plugin's
 * {@code META-INF/hudson.remoting.ClassFilter} entries first, then Remoting's standard blacklist
 * ({@code remoting-blacklist.txt}); arrays, throwables and enums pass; classes of Jenkins core, of plugins and of this
 * plugin's own jar pass by their location; a JDK class passes only when core's {@code whitelisted-classes.txt} lists it
 * ({@code jep200-jdk-classes.tsv}: the ones this plugin sends, each checked there); anything else — a class of
 * stamp-release-core or another bundled library not in the plugin's ClassFilter — is rejected. The agent end applies
 * only the standard blacklist; this channel applies the controller's rules both ways, which is stricter.
 *
 * <p>A {@link TaskListener} crosses as Remoting sends it, as a proxy of the controller's listener (the real ones are
 * {@code SerializableOnlyOverRemoting} and export their stream): the agent's copy writes to the same log.
 */
final class RemotingChannel {
  private static final Map<Integer, TaskListener> EXPORTED = new ConcurrentHashMap<>();
  private static final AtomicInteger IDS = new AtomicInteger();

  private RemotingChannel() {
  }

  /** {@code workspace.act(callable)} across the channel. */
  static <T> T call(FilePath.FileCallable<T> callable, File workspace) throws IOException, InterruptedException {
    FilePath.FileCallable<T> onAgent = cross(callable, "controller to agent");
    T result;
    try {
      result = onAgent.invoke(workspace, null);
    } catch (IOException e) {
      throw cross(e, "agent to controller (exception)");
    } catch (InterruptedException e) {
      throw cross(e, "agent to controller (exception)");
    } catch (RuntimeException e) {
      throw cross(e, "agent to controller (exception)");
    }
    return cross(result, "agent to controller");
  }

  /** A Java serialization round trip through the controller's class filter; the copy comes back. */
  @SuppressWarnings("unchecked")
  static <T> T cross(T value, String direction) {
    byte[] bytes = write(value, direction, new LinkedHashSet<>());
    try (In in = new In(new ByteArrayInputStream(bytes))) {
      return (T) in.readObject();
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalStateException(direction + ": " + e, e);
    }
  }

  /** The classes whose descriptors the serialized form of {@code value} holds (what the far end must accept). */
  static Set<Class<?>> classesIn(Object value) {
    Set<Class<?>> written = new LinkedHashSet<>();
    write(value, "serialization", written);
    return written;
  }

  private static byte[] write(Object value, String direction, Set<Class<?>> written) {
    try (ByteArrayOutputStream buffer = new ByteArrayOutputStream(); Out out = new Out(buffer, written)) {
      out.writeObject(value);
      out.flush();
      return buffer.toByteArray();
    } catch (NotSerializableException e) {
      throw new AssertionError(direction + ": " + e.getMessage() + " is not Serializable (in " + describe(value) + ")", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String describe(Object value) {
    return value == null ? "null" : value.getClass().getName();
  }

  /** Why Jenkins' JEP-200 filter would refuse the class, or empty when it lets it through. */
  static Optional<String> rejection(Class<?> c) {
    String name = c.getName();
    Boolean contributed = Jep200.PLUGIN_CLASS_FILTER.get(name);
    if (contributed != null) {
      return contributed ? Optional.empty() : Optional.of(name + " is refused by the plugin's META-INF/hudson.remoting.ClassFilter");
    }
    for (Pattern p : Jep200.BLACKLIST) {
      if (p.matcher(name).matches()) {
        return Optional.of(name + " matches Remoting's standard blacklist " + p);
      }
    }
    if (c.isArray() || Throwable.class.isAssignableFrom(c) || Enum.class.isAssignableFrom(c)) {
      return Optional.empty();
    }
    if (jdk(c)) {
      return Jep200.JDK_WHITELIST.contains(name) ? Optional.empty()
          : Optional.of(name + " is a JDK class that jep200-jdk-classes.tsv does not list: check Jenkins core's jenkins/security/whitelisted-classes.txt"
              + " (2.541.3); if it is there add it with its source, else send another type");
    }
    if (Jep200.jenkinsOrThisPlugin(name)) {
      return Optional.empty();
    }
    return Optional.of(name + " comes from a library jar (" + location(c) + ") that is not a plugin: list it in plugin/src/main/resources/"
        + "META-INF/hudson.remoting.ClassFilter, or send plain values");
  }

  static boolean jdk(Class<?> c) {
    ClassLoader loader = c.getClassLoader();
    return loader == null || loader == ClassLoader.getPlatformClassLoader();
  }

  private static String location(Class<?> c) {
    var source = c.getProtectionDomain().getCodeSource();
    return source == null || source.getLocation() == null ? "?" : source.getLocation().getPath().replaceFirst(".*/", "");
  }

  /** The rules' data: the plugin's own ClassFilter file, Remoting's blacklist, the JDK classes core's whitelist has. */
  static final class Jep200 {
    static final Map<String, Boolean> PLUGIN_CLASS_FILTER = pluginClassFilter();
    static final List<Pattern> BLACKLIST = lines(RemotingChannel.class.getResourceAsStream("remoting-blacklist.txt")).stream().map(Pattern::compile).toList();
    static final Set<String> JDK_WHITELIST = Set.copyOf(lines(RemotingChannel.class.getResourceAsStream("jep200-jdk-classes.tsv")).stream()
        .map(l -> l.split("\t")[0]).toList());

    private Jep200() {
    }

    /** Jenkins core, Remoting, the plugins this one depends on (the mirror's packages) and this plugin's own classes. */
    static boolean jenkinsOrThisPlugin(String name) {
      return Stream.of("hudson.", "jenkins.", "org.jenkinsci.", "com.cloudbees.plugins.", "org.kohsuke.stapler.", "io.stamprelease.plugin.")
          .anyMatch(name::startsWith);
    }

    /** CustomClassFilter.Contributed's reading of META-INF/hudson.remoting.ClassFilter: a name permits, {@code !name} refuses. */
    private static Map<String, Boolean> pluginClassFilter() {
      Map<String, Boolean> out = new LinkedHashMap<>();
      for (String entry : lines(RemotingChannel.class.getClassLoader().getResourceAsStream("META-INF/hudson.remoting.ClassFilter"))) {
        if (entry.startsWith("!")) {
          out.put(entry.substring(1), false);
        } else {
          out.put(entry, true);
        }
      }
      return out;
    }

    static List<String> lines(InputStream in) {
      if (in == null) {
        throw new IllegalStateException("test data missing");
      }
      try (in) {
        List<String> out = new ArrayList<>();
        for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
          if (!l.isBlank() && !l.startsWith("#")) {
            out.add(l.strip());
          }
        }
        return out;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The handle a TaskListener crosses as (Remoting exports the listener's stream; the far end writes through it). */
  record ExportedListener(int id) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  private static final class Out extends ObjectOutputStream {
    private final Set<Class<?>> written;

    Out(ByteArrayOutputStream out, Set<Class<?>> written) throws IOException {
      super(out);
      this.written = written;
      enableReplaceObject(true);
    }

    @Override
    protected void annotateClass(Class<?> cl) {
      written.add(cl);
    }

    @Override
    protected void annotateProxyClass(Class<?> cl) {
      written.add(cl);
    }

    @Override
    protected Object replaceObject(Object obj) {
      if (obj instanceof TaskListener listener) {
        int id = IDS.incrementAndGet();
        EXPORTED.put(id, listener);
        return new ExportedListener(id);
      }
      return obj;
    }
  }

  private static final class In extends ObjectInputStream {
    In(InputStream in) throws IOException {
      super(in);
      enableResolveObject(true);
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
      Class<?> c = super.resolveClass(desc);
      Optional<String> refused = rejection(c);
      if (refused.isPresent()) {
        // what hudson.remoting.ClassFilter.check throws
        throw new SecurityException("Rejected: " + c.getName() + " (" + refused.get() + ")");
      }
      return c;
    }

    @Override
    protected Object resolveObject(Object obj) {
      if (obj instanceof ExportedListener handle) {
        return EXPORTED.get(handle.id());
      }
      return obj;
    }
  }
}
