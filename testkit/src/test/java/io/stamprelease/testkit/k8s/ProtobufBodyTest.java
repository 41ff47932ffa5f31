package io.stamprelease.testkit.k8s;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Protobuf request bodies")
class ProtobufBodyTest {

  @Test
  @DisplayName("a Secret in a k8s envelope decodes to the JSON Helm would have sent, data base64-encoded")
  void decodesSecret() throws Exception {
    // Given
    byte[] meta = new Writer().string(1, "sh.helm.release.v1.rel.v1").string(3, "apps")
        .message(11, new Writer().string(1, "owner").string(2, "helm")).varint(7, 4).bytes();
    byte[] secret = new Writer().message(1, meta)
        .message(2, new Writer().string(1, "release").bytes(2, new byte[] {0, 1, (byte) 0xff}))
        .string(3, "helm.sh/release.v1").bytes();
    byte[] envelope = envelope("v1", "Secret", secret);

    // When
    // (re-read so that numbers compare by value, as the store reads them)
    var json = KubeStatus.JSON.readTree(ProtobufBody.toJson(envelope).toString());

    // Then
    assertThat(ProtobufBody.isEnvelope(envelope)).isTrue();
    assertThat(json).isEqualTo(KubeStatus.JSON.readTree("""
        {"apiVersion":"v1","kind":"Secret",
         "metadata":{"name":"sh.helm.release.v1.rel.v1","namespace":"apps","labels":{"owner":"helm"},"generation":4},
         "data":{"release":"AAH/"},"type":"helm.sh/release.v1"}"""));
  }

  @Test
  @DisplayName("a ConfigMap decodes with UTF-8 data, base64 binaryData and immutable")
  void decodesConfigMap() throws Exception {
    // Given
    byte[] configMap = new Writer().message(1, new Writer().string(1, "cfg"))
        .message(2, new Writer().string(1, "greeting").string(2, "grüß"))
        .message(3, new Writer().string(1, "blob").bytes(2, new byte[] {1, 2}))
        .varint(4, 1).bytes();

    // When
    var json = KubeStatus.JSON.readTree(ProtobufBody.toJson(envelope("v1", "ConfigMap", configMap)).toString());

    // Then
    assertThat(json).isEqualTo(KubeStatus.JSON.readTree("""
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cfg"},
         "data":{"greeting":"grüß"},"binaryData":{"blob":"AQI="},"immutable":true}"""));
  }

  @Test
  @DisplayName("JSON bodies are not mistaken for an envelope")
  void recognisesOnlyTheMagic() {
    assertThat(ProtobufBody.isEnvelope("{\"kind\":\"Secret\"}".getBytes(StandardCharsets.UTF_8))).isFalse();
    assertThat(ProtobufBody.isEnvelope(new byte[] {'k', '8', 's'})).isFalse();
  }

  @Test
  @DisplayName("other kinds and truncated bodies are refused with an exception, not misread")
  void refusesWhatItCannotDecode() {
    // Given
    byte[] pod = envelope("v1", "Pod", new Writer().message(1, new Writer().string(1, "p")).bytes());
    byte[] secret = envelope("v1", "Secret", new Writer().message(1, new Writer().string(1, "s")).bytes());
    byte[] truncated = Arrays.copyOf(secret, secret.length - 3);

    // Then
    assertThatThrownBy(() -> ProtobufBody.toJson(pod)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> ProtobufBody.toJson(truncated)).isInstanceOf(IllegalArgumentException.class);
  }

  static byte[] envelope(String apiVersion, String kind, byte[] raw) {
    byte[] unknown = new Writer().message(1, new Writer().string(1, apiVersion).string(2, kind)).bytes(2, raw)
        .string(4, "application/vnd.kubernetes.protobuf").bytes();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {'k', '8', 's', 0});
    out.writeBytes(unknown);
    return out.toByteArray();
  }

  /** A tiny protobuf writer: varints and length-delimited fields are all these messages use. */
  static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Writer varint(int field, long value) {
      rawVarint((long) field << 3);
      rawVarint(value);
      return this;
    }

    Writer bytes(int field, byte[] value) {
      rawVarint((long) field << 3 | 2);
      rawVarint(value.length);
      out.writeBytes(value);
      return this;
    }

    Writer string(int field, String value) {
      return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    Writer message(int field, Writer message) {
      return bytes(field, message.bytes());
    }

    Writer message(int field, byte[] message) {
      return bytes(field, message);
    }

    byte[] bytes() {
      return out.toByteArray();
    }

    private void rawVarint(long value) {
      while ((value & ~0x7fL) != 0) {
        out.write((int) (value & 0x7f) | 0x80);
        value >>>= 7;
      }
      out.write((int) value);
    }
  }
}
