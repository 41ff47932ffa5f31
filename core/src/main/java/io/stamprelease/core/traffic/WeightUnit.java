package io.stamprelease.core.traffic;

/** How the numbers in {@code seattle=90,denver=10} are meant: percentages (default) or raw provider weights ({@code --raw}). */
public enum WeightUnit {
  PERCENT, RAW
}
