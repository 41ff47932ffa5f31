package io.stamprelease.testkit.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plays the kubelet of every node: turns a bound pod into the status a real kubelet would post, following each
 * container's {@link ContainerTimeline}, and records the kubelet's events. State that a real kubelet keeps in its
 * own memory (when it started the pod, which events it already sent, the pod IP) is kept here, keyed by pod uid.
 */
final class Kubelet {

  private record PodRuntime(String name, Instant boundAt, String podIP, Set<String> emitted) {
  }

  private final KubernetesClient client;
  private final SimulatorSettings settings;
  private final EventRecorder events;
  private final ReconcileQueue queue;
  private final Map<String, PodRuntime> runtimes = new HashMap<>();
  private final Map<String, Integer> nextIpByNode = new HashMap<>();

  Kubelet(KubernetesClient client, SimulatorSettings settings, EventRecorder events, ReconcileQueue queue) {
    this.client = client;
    this.settings = settings;
    this.events = events;
    this.queue = queue;
  }

  void sync(String namespace, String name) {
    Pod pod = client.pods().inNamespace(namespace).withName(name).get();
    if (pod == null) {
      runtimes.values().removeIf(r -> r.name().equals(namespace + "/" + name));
      return;
    }
    String nodeName = pod.getSpec().getNodeName();
    if (KubeObjects.isDeleting(pod) || nodeName == null || KubeObjects.isTerminal(pod)) {
      return;
    }
    Node node = client.nodes().withName(nodeName).get();
    if (node == null || !NodeManager.isReady(node)) {
      markNotReady(pod); // what the node lifecycle controller does for pods of an unresponsive node
      return;
    }
    PodRuntime rt = runtimes.computeIfAbsent(pod.getMetadata().getUid(),
        uid -> new PodRuntime(namespace + "/" + name, Instant.now(), allocatePodIp(node), new HashSet<>()));
    Duration elapsed = Duration.between(rt.boundAt(), Instant.now());

    List<ContainerStatus> statuses = new ArrayList<>();
    List<String> unready = new ArrayList<>();
    Duration next = null;
    boolean anyWaitingNeverStarted = false;
    boolean anyFailed = false;
    boolean allSucceeded = true;
    String podRef = name + "_" + namespace + "(" + pod.getMetadata().getUid() + ")";
    for (Container c : pod.getSpec().getContainers()) {
      ContainerTimeline.Snapshot s = timeline(pod, c, podRef).at(elapsed);
      statuses.add(containerStatus(pod, c, rt, s));
      if (!s.ready()) {
        unready.add(c.getName());
      }
      if (s.nextChange() != null && (next == null || s.nextChange().compareTo(next) < 0)) {
        next = s.nextChange();
      }
      boolean everRan = s.state() instanceof ContainerTimeline.Running || s.state() instanceof ContainerTimeline.Terminated
          || s.lastState() != null;
      anyWaitingNeverStarted |= !everRan;
      anyFailed |= s.outcome() == ContainerTimeline.Outcome.FAILED;
      allSucceeded &= s.outcome() == ContainerTimeline.Outcome.SUCCEEDED;
      for (ContainerTimeline.Happened h : s.events()) {
        if (rt.emitted().add(c.getName() + "/" + h.key())) {
          events.record(pod, "spec.containers{" + c.getName() + "}", "kubelet", nodeName, h.type(), h.reason(), h.message());
        }
      }
    }
    String phase = anyFailed ? "Failed" : allSucceeded ? "Succeeded" : anyWaitingNeverStarted ? "Pending" : "Running";
    PodStatus desired = podStatus(pod, node, rt, phase, statuses, unready);
    writeIfChanged(pod, desired);
    if (next != null) {
      queue.enqueueAfter(new ResourceKey(ResourceKey.Kind.POD, namespace, name), next.plusMillis(5));
    }
  }

  /** Forgets pods that no longer exist (called by the periodic resync). */
  void retainOnly(Set<String> liveUids) {
    runtimes.keySet().retainAll(liveUids);
  }

  private ContainerTimeline timeline(Pod pod, Container c, String podRef) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    String annotation = annotations == null ? null : annotations.get(PodBehavior.ANNOTATION);
    PodBehavior behavior = PodBehavior.resolve(annotation, c.getImage());
    String restartPolicy = pod.getSpec().getRestartPolicy();
    boolean runsToCompletion = "Never".equals(restartPolicy) || "OnFailure".equals(restartPolicy);
    return new ContainerTimeline(behavior, settings, runsToCompletion, c.getName(), c.getImage(), podRef, missingConfig(c));
  }

  /** The kubelet names the first Secret/ConfigMap the container refers to; we pretend it is missing. */
  private static String missingConfig(Container c) {
    for (EnvVar e : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
      if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
        return "secret \"" + e.getValueFrom().getSecretKeyRef().getName() + "\" not found";
      }
      if (e.getValueFrom() != null && e.getValueFrom().getConfigMapKeyRef() != null) {
        return "configmap \"" + e.getValueFrom().getConfigMapKeyRef().getName() + "\" not found";
      }
    }
    for (EnvFromSource e : c.getEnvFrom() == null ? List.<EnvFromSource>of() : c.getEnvFrom()) {
      if (e.getSecretRef() != null) {
        return "secret \"" + e.getSecretRef().getName() + "\" not found";
      }
      if (e.getConfigMapRef() != null) {
        return "configmap \"" + e.getConfigMapRef().getName() + "\" not found";
      }
    }
    return "secret \"" + c.getName() + "-secrets\" not found";
  }

  private ContainerStatus containerStatus(Pod pod, Container c, PodRuntime rt, ContainerTimeline.Snapshot s) {
    boolean everCreated = !(s.state() instanceof ContainerTimeline.Waiting) || s.lastState() != null;
    return new ContainerStatusBuilder()
        .withName(c.getName()).withImage(c.getImage())
        .withImageID(everCreated ? imageId(c.getImage()) : "")
        .withContainerID(everCreated ? "containerd://" + sha256(pod.getMetadata().getUid() + c.getName() + s.restartCount()) : null)
        .withReady(s.ready()).withStarted(s.started()).withRestartCount(s.restartCount())
        .withState(state(s.state(), rt))
        .withLastState(s.lastState() == null ? new ContainerState() : state(s.lastState(), rt))
        .build();
  }

  private static ContainerState state(ContainerTimeline.State state, PodRuntime rt) {
    ContainerStateBuilder b = new ContainerStateBuilder();
    if (state instanceof ContainerTimeline.Waiting w) {
      b.withNewWaiting().withReason(w.reason()).withMessage(w.message()).endWaiting();
    } else if (state instanceof ContainerTimeline.Running r) {
      b.withNewRunning().withStartedAt(at(rt, r.startedAt())).endRunning();
    } else if (state instanceof ContainerTimeline.Terminated t) {
      b.withNewTerminated().withExitCode(t.exitCode()).withReason(t.reason()).withMessage(t.message())
          .withStartedAt(at(rt, t.startedAt())).withFinishedAt(at(rt, t.finishedAt()))
          .withContainerID("containerd://" + sha256(rt.name() + t.startedAt())).endTerminated();
    }
    return b.build();
  }

  private static String at(PodRuntime rt, Duration offset) {
    return KubeObjects.timestamp(rt.boundAt().plus(offset));
  }

  private PodStatus podStatus(Pod pod, Node node, PodRuntime rt, String phase, List<ContainerStatus> statuses,
                              List<String> unready) {
    boolean ready = unready.isEmpty() && "Running".equals(phase);
    String notReadyReason = "Succeeded".equals(phase) || "Failed".equals(phase) ? "PodCompleted" : "ContainersNotReady";
    String notReadyMessage = notReadyReason.equals("PodCompleted") ? null : "containers with unready status: " + unready;
    List<PodCondition> conditions = List.of(
        condition(pod, "PodReadyToStartContainers", true, null, null),
        condition(pod, "Initialized", true, null, null),
        condition(pod, "Ready", ready, ready ? null : notReadyReason, ready ? null : notReadyMessage),
        condition(pod, "ContainersReady", ready, ready ? null : notReadyReason, ready ? null : notReadyMessage),
        condition(pod, "PodScheduled", true, null, null));
    String hostIP = hostIp(node);
    return new PodStatusBuilder()
        .withPhase(phase).withConditions(conditions)
        .withHostIP(hostIP).addNewHostIP(hostIP)
        .withPodIP(rt.podIP()).withPodIPs(new PodIP(rt.podIP()))
        .withStartTime(KubeObjects.timestamp(rt.boundAt()))
        .withContainerStatuses(statuses)
        .withQosClass("BestEffort")
        .build();
  }

  /** Keeps lastTransitionTime while the condition's status does not change, as the kubelet does. */
  private static PodCondition condition(Pod pod, String type, boolean status, String reason, String message) {
    String s = status ? "True" : "False";
    String since = KubeObjects.condition(pod, type).filter(c -> s.equals(c.getStatus()))
        .map(PodCondition::getLastTransitionTime).orElse(KubeObjects.now());
    return new PodConditionBuilder().withType(type).withStatus(s).withReason(reason).withMessage(message)
        .withLastTransitionTime(since).withLastProbeTime(null).build();
  }

  private void markNotReady(Pod pod) {
    if (!KubeObjects.isReady(pod)) {
      return;
    }
    client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).editStatus(p -> {
      for (PodCondition c : p.getStatus().getConditions()) {
        if ("Ready".equals(c.getType())) {
          c.setStatus("False");
          c.setLastTransitionTime(KubeObjects.now());
        }
      }
      return p;
    });
  }

  private void writeIfChanged(Pod pod, PodStatus desired) {
    if (KubeObjects.sameJson(pod.getStatus(), desired)) {
      return;
    }
    client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).editStatus(p -> {
      p.setStatus(desired);
      return p;
    });
  }

  private String allocatePodIp(Node node) {
    String cidr = node.getSpec() == null || node.getSpec().getPodCIDR() == null ? "10.244.0.0/24" : node.getSpec().getPodCIDR();
    String prefix = cidr.substring(0, cidr.lastIndexOf('.', cidr.indexOf('/')));
    int n = nextIpByNode.merge(node.getMetadata().getName(), 1, (a, b) -> a % 250 + 1);
    return prefix + "." + (n + 1);
  }

  private static String hostIp(Node node) {
    if (node.getStatus() != null && node.getStatus().getAddresses() != null) {
      for (NodeAddress a : node.getStatus().getAddresses()) {
        if ("InternalIP".equals(a.getType())) {
          return a.getAddress();
        }
      }
    }
    return "10.240.0.4";
  }

  private static String imageId(String image) {
    return PodBehavior.repositoryOf(image) + "@sha256:" + sha256(image);
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
