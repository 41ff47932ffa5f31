package io.stamprelease.core.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Where a JSON or YAML file stopped parsing, told without the text found there: a parameters file, a values file or a
 * kubeconfig can hold a secret, and the parser's own message quotes the offending token ("Unrecognized token
 * 'S3cr3t…'"). Line, column and the path of the value being read ({@code parameters.adminPassword.value}) say where
 * to look; the value never leaves the file.
 */
public final class ParseErrors {
  private ParseErrors() {
  }

  /** {@code line 4, column 17, in parameters.adminPassword.value}. */
  public static String where(JsonProcessingException e) {
    StringBuilder out = new StringBuilder();
    if (e.getLocation() != null) {
      out.append("line ").append(e.getLocation().getLineNr()).append(", column ").append(e.getLocation().getColumnNr());
    }
    if (e.getProcessor() instanceof JsonParser parser && parser.getParsingContext() != null) {
      String path = parser.getParsingContext().pathAsPointer().toString().replaceFirst("^/", "").replace('/', '.');
      if (!path.isEmpty()) {
        out.append(out.length() > 0 ? ", " : "").append("in ").append(path);
      }
    }
    return out.length() == 0 ? "at an unknown place" : out.toString();
  }
}
