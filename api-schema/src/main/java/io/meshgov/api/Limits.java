package io.meshgov.api;

/**
 * The size limits of every free-text and list input, in one place. Everything a command stores
 * stays in the append-only store for good, so nothing it carries may be unbounded; a value beyond
 * its limit is refused as INVALID_INPUT and nothing is stored. docs/security.md lists them.
 */
public final class Limits {

  /** Why a change was made: on every event a command causes. */
  public static final int REASON = 2_000;

  /** A client's correlation id, tying its requests together. */
  public static final int CORRELATION_ID = 100;

  /** An Avro schema as JSON text. */
  public static final int SCHEMA = 262_144;

  /** A field name (schema fields, fields used, field mappings). */
  public static final int FIELD_NAME = 256;

  /** Names in one list of fields (fields used, input fields of a mapping). */
  public static final int FIELDS = 500;

  /** Field mappings of one upstream declaration. */
  public static final int FIELD_MAPPINGS = 500;

  /** Free text describing something (description, purpose, transformation). */
  public static final int TEXT = 4_000;

  /** A display name (team name). */
  public static final int NAME = 200;

  /** Where a product is published (a topic, a table). */
  public static final int OUTPUT_PORT = 500;

  private Limits() {}

  /** Datasets bound to one product. */
  public static final int DATASETS = 100;
}
