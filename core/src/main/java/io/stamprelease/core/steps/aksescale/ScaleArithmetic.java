package io.stamprelease.core.steps.aksescale;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** The pure part of a scale plan (table-tested): which indexes go, and the Count/Offset a scale-out sends. */
final class ScaleArithmetic {
  private ScaleArithmetic() {
  }

  /** AKS Engine's scale-out parameters: the template's copy loop creates indexes [offset, count). */
  record ScaleOut(int offset, int count) {
    List<Integer> newIndexes() {
      return IntStream.range(offset, count).boxed().toList();
    }
  }

  /** offset = highest used index + 1 (gaps are not refilled, as aks-engine scale does); count = offset + number to add. */
  static ScaleOut scaleOut(List<Integer> usedIndexes, int target) {
    return scaleOut(usedIndexes, List.of(), target);
  }

  /**
   * As above, but never below an index still held by a leftover (a NIC, disk or Node of a removed VM that is
   * being cleaned up): re-creating that name would hand the new VM a NIC or Node that is about to be deleted.
   */
  static ScaleOut scaleOut(List<Integer> usedIndexes, List<Integer> leftoverIndexes, int target) {
    if (target <= usedIndexes.size()) {
      throw new IllegalArgumentException("not a scale-out: " + usedIndexes.size() + " nodes, target " + target);
    }
    int offset = Stream.concat(usedIndexes.stream(), leftoverIndexes.stream()).mapToInt(Integer::intValue).max().orElse(-1) + 1;
    return new ScaleOut(offset, offset + target - usedIndexes.size());
  }

  /** Scale-in removes the highest indexes first. */
  static List<Integer> toRemove(List<Integer> usedIndexes, int target) {
    return usedIndexes.stream().sorted(Comparator.reverseOrder()).limit(Math.max(0, usedIndexes.size() - target)).toList();
  }
}
