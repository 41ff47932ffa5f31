package io.stamprelease.plugin.hubs;

import io.stamprelease.core.input.InputField;
import io.stamprelease.core.input.Problem;
import java.util.List;
import java.util.Optional;

/** The fields of a configured hub or GSLB that only Jenkins has: a GSLB entry's name, the credentials' id, a CA bundle pasted into the form. */
public enum EntryField implements InputField {
  NAME("name"), CREDENTIALS_ID("credentialsId"), CA_CERTIFICATE("caCertificate");

  private final String key;

  EntryField(String key) {
    this.key = key;
  }

  @Override
  public String key() {
    return key;
  }

  /** The first message about {@code field} among {@code problems}: what the form shows beside that field. */
  public static Optional<String> messageOf(InputField field, List<Problem> problems) {
    return problems.stream().filter(p -> p.field().equals(field)).map(Problem::message).findFirst();
  }
}
