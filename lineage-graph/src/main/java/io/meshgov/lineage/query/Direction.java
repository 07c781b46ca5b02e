package io.meshgov.lineage.query;

/** Which way to walk lineage: towards what a product reads, what reads it, or both. */
public enum Direction {
  UPSTREAM,
  DOWNSTREAM,
  BOTH
}
