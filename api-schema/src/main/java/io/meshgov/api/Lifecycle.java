package io.meshgov.api;

/** A data product's lifecycle: ACTIVE, then DEPRECATED (with a sunset date), then RETIRED. */
public enum Lifecycle {
  ACTIVE,
  DEPRECATED,
  RETIRED
}
