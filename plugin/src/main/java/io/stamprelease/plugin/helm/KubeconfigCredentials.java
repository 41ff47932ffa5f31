package io.stamprelease.plugin.helm;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.AbortException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/** A kubeconfig held by the credentials plugin: a secret file or a secret text, reduced to a {@code char[]} for the agent. */
public final class KubeconfigCredentials {
  private KubeconfigCredentials() {
  }

  /** The kubeconfig's contents; a credential of another type is an {@link AbortException} naming its id. */
  public static char[] contents(StandardCredentials c) throws AbortException {
    if (c instanceof StringCredentials text) {
      return text.getSecret().getPlainText().toCharArray();
    }
    if (c instanceof FileCredentials file) {
      byte[] bytes;
      try (InputStream in = file.getContent()) {
        bytes = in.readAllBytes();
      } catch (IOException e) {
        throw new AbortException("[helmRollout] the secret file of credentials '" + c.getId() + "' cannot be read (" + e.getClass().getSimpleName() + ")");
      }
      CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
      Arrays.fill(bytes, (byte) 0);
      char[] out = new char[chars.remaining()];
      chars.get(out);
      return out;
    }
    throw new AbortException("[helmRollout] credentials '" + c.getId() + "' are a " + c.getClass().getSimpleName()
        + "; a kubeconfig must be a secret file or a secret text credential");
  }
}
