package io.stamprelease.plugin.agent;

import java.util.List;
import net.sf.json.JSONObject;

/**
 * A step's list of strings as its form shows it: a text area, one entry per line. Jenkins has no form control for a
 * list of strings (JENKINS-27901), so the view joins the list ({@link #join}) and the descriptor splits the submitted
 * text ({@link #splitIn}) before binding, as workflow-basic-steps' {@code withEnv} does.
 */
public final class FormLines {
  private FormLines() {
  }

  /** The entries of a text area: one per line (LF or CRLF), blank lines left out, each line as written. */
  public static List<String> split(String text) {
    return text == null ? List.of() : text.lines().filter(line -> !line.isBlank()).toList();
  }

  /** The text a text area shows for these entries. */
  public static String join(List<String> entries) {
    return String.join("\n", entries);
  }

  /**
   * Replaces each named field's submitted text with its entries, so that the step's {@code List<String>} setter binds
   * one entry per line (not the whole text as one entry). A field submitted as a list already is left as it is.
   */
  public static void splitIn(JSONObject form, String... fields) {
    for (String field : fields) {
      if (form.opt(field) instanceof String text) {
        form.element(field, split(text));
      }
    }
  }
}
