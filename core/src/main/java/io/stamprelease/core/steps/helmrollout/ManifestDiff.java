package io.stamprelease.core.steps.helmrollout;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a new manifest changes against the live one, object by object ({@code + Deployment/apps/web} added,
 * {@code - …} removed, {@code ~ …} changed) with a line diff of each changed object's YAML. Secret values are hidden
 * ({@link SecretMask}) before anything is compared or printed.
 */
record ManifestDiff(List<String> changes, String text) {

  static ManifestDiff between(ReleaseManifest before, ReleaseManifest after, String namespace) {
    Map<String, ObjectNode> old = before.byKey(namespace);
    Map<String, ObjectNode> now = after.byKey(namespace);
    Set<String> keys = new LinkedHashSet<>(old.keySet());
    keys.addAll(now.keySet());
    List<String> changes = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (String key : keys) {
      ObjectNode[] masked = SecretMask.mask(old.get(key), now.get(key));
      ObjectNode a = masked[0];
      ObjectNode b = masked[1];
      if (a == null) {
        changes.add("+ " + key);
        text.append("+ ").append(key).append(" (new)\n");
        ReleaseManifest.toYaml(b).lines().forEach(l -> text.append("+   ").append(l).append('\n'));
      } else if (b == null) {
        changes.add("- " + key);
        text.append("- ").append(key).append(" (removed)\n");
      } else if (!a.equals(b)) {
        changes.add("~ " + key);
        text.append("~ ").append(key).append('\n');
        lineDiff(ReleaseManifest.toYaml(a).lines().toList(), ReleaseManifest.toYaml(b).lines().toList())
            .forEach(l -> text.append("  ").append(l).append('\n'));
      }
    }
    if (changes.isEmpty()) {
      text.append("no changes\n");
    }
    return new ManifestDiff(List.copyOf(changes), text.toString());
  }

  /** Changed lines only ({@code -}/{@code +}), from a longest-common-subsequence alignment. */
  static List<String> lineDiff(List<String> a, List<String> b) {
    int[][] lcs = new int[a.size() + 1][b.size() + 1];
    for (int i = a.size() - 1; i >= 0; i--) {
      for (int j = b.size() - 1; j >= 0; j--) {
        lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    List<String> out = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < a.size() || j < b.size()) {
      if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
        i++;
        j++;
      } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
        out.add("- " + a.get(i++));
      } else {
        out.add("+ " + b.get(j++));
      }
    }
    return out;
  }
}
