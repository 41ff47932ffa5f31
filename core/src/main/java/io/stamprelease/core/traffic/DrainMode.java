package io.stamprelease.core.traffic;

/**
 * How {@code drain} takes a stamp out. DISABLE: endpoint disabled (no DNS answers at all; the monitor stops
 * probing it). MINIMUM_WEIGHT: enabled at weight 1 (still probed, so its health stays visible, but it still
 * gets roughly 1/(sum of weights) of the answers — not zero).
 */
public enum DrainMode {
  DISABLE, MINIMUM_WEIGHT
}
