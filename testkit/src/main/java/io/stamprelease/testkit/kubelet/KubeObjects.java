package io.stamprelease.testkit.kubelet;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Small helpers shared by the controllers: owner references, selectors, pod readiness, names, timestamps. */
final class KubeObjects {

  /** The alphabet of Kubernetes' rand.String and SafeEncodeString: no vowels, no look-alikes. */
  static final String SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
  private static final SecureRandom RANDOM = new SecureRandom();
  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  static String randomSuffix(int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(SAFE_ALPHABET.charAt(RANDOM.nextInt(SAFE_ALPHABET.length())));
    }
    return sb.toString();
  }

  /** RFC 3339 with seconds, as the API server serialises metav1.Time. */
  static String timestamp(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  static String now() {
    return timestamp(Instant.now());
  }

  static OwnerReference controllerRef(HasMetadata owner) {
    return new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
        .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
        .withController(true).withBlockOwnerDeletion(true).build();
  }

  static Optional<OwnerReference> controllerOf(HasMetadata o) {
    List<OwnerReference> refs = o.getMetadata().getOwnerReferences();
    return refs == null ? Optional.empty() : refs.stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst();
  }

  static boolean isControlledBy(HasMetadata o, HasMetadata owner) {
    return controllerOf(o).map(r -> r.getUid() != null && r.getUid().equals(owner.getMetadata().getUid())).orElse(false);
  }

  static boolean isDeleting(HasMetadata o) {
    return o.getMetadata().getDeletionTimestamp() != null;
  }

  static boolean isTerminal(Pod p) {
    String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  /** Counted by controllers: not terminating and not finished. */
  static boolean isActive(Pod p) {
    return !isDeleting(p) && !isTerminal(p);
  }

  static boolean isReady(Pod p) {
    return p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  static Optional<PodCondition> condition(Pod p, String type) {
    if (p.getStatus() == null || p.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return p.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  static int replicas(Integer specReplicas) {
    return specReplicas == null ? 1 : specReplicas;
  }

  static int orZero(Integer i) {
    return i == null ? 0 : i;
  }

  /** A percentage of {@code total} (rounded up or down) or an absolute number; null → {@code dflt}. */
  static int scaled(IntOrString v, int total, boolean roundUp, int dflt) {
    if (v == null) {
      return dflt;
    }
    if (v.getIntVal() != null) {
      return v.getIntVal();
    }
    String s = v.getStrVal().trim();
    if (s.endsWith("%")) {
      double pct = Double.parseDouble(s.substring(0, s.length() - 1)) * total / 100.0;
      return (int) (roundUp ? Math.ceil(pct) : Math.floor(pct));
    }
    return Integer.parseInt(s);
  }

  /** matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist); a null selector matches nothing. */
  static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return false;
    }
    Map<String, String> l = labels == null ? Map.of() : labels;
    if (selector.getMatchLabels() != null) {
      for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
        if (!e.getValue().equals(l.get(e.getKey()))) {
          return false;
        }
      }
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
        String value = l.get(r.getKey());
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        boolean ok = switch (r.getOperator()) {
          case "In" -> value != null && values.contains(value);
          case "NotIn" -> value == null || !values.contains(value);
          case "Exists" -> l.containsKey(r.getKey());
          case "DoesNotExist" -> !l.containsKey(r.getKey());
          default -> false;
        };
        if (!ok) {
          return false;
        }
      }
    }
    return true;
  }

  /** Compares as the API server would store them, so a no-op write (and the watch event it causes) is skipped. */
  static boolean sameJson(Object a, Object b) {
    return SERIALIZATION.convertValue(a, JsonNode.class).equals(SERIALIZATION.convertValue(b, JsonNode.class));
  }

  private KubeObjects() {
  }
}
