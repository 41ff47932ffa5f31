package io.stamprelease.testkit.kubelet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Stable hash of a pod template, rendered like the real {@code pod-template-hash} (10 characters of the
 * SafeEncodeString alphabet). The real controller uses FNV-32a over Go's struct dump, which we cannot reproduce;
 * SHA-256 over canonical JSON (sorted keys, without the {@code pod-template-hash} label) is equally stable.
 */
final class TemplateHash {

  private static final ObjectMapper CANONICAL = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  static String of(PodTemplateSpec template) {
    try {
      JsonNode tree = KubeObjects.SERIALIZATION.convertValue(template, JsonNode.class);
      if (tree.path("metadata").path("labels") instanceof ObjectNode labels) {
        labels.remove("pod-template-hash");
        labels.remove("controller-revision-hash");
      }
      Object plain = CANONICAL.treeToValue(tree, Object.class);
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(CANONICAL.writeValueAsString(plain).getBytes(StandardCharsets.UTF_8));
      StringBuilder sb = new StringBuilder(10);
      for (int i = 0; i < 10; i++) {
        sb.append(KubeObjects.SAFE_ALPHABET.charAt((digest[i] & 0xff) % KubeObjects.SAFE_ALPHABET.length()));
      }
      return sb.toString();
    } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot hash pod template", e);
    }
  }

  private TemplateHash() {
  }
}
