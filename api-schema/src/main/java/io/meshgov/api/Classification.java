package io.meshgov.api;

/** How sensitive a data product's content is. */
public enum Classification {
  PUBLIC,
  INTERNAL,
  CONFIDENTIAL,
  RESTRICTED
}
