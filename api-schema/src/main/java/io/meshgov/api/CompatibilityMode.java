package io.meshgov.api;

/**
 * Which schema changes a product accepts, as Confluent Schema Registry defines the modes. BACKWARD:
 * consumers on the new schema read data written with the previous one; FORWARD: consumers on the
 * previous schema read data written with the new one; FULL: both. The _TRANSITIVE forms check
 * against every earlier version instead of only the latest.
 */
public enum CompatibilityMode {
  NONE,
  BACKWARD,
  BACKWARD_TRANSITIVE,
  FORWARD,
  FORWARD_TRANSITIVE,
  FULL,
  FULL_TRANSITIVE;

  public boolean checksBackward() {
    return this == BACKWARD || this == BACKWARD_TRANSITIVE || checksFull();
  }

  public boolean checksForward() {
    return this == FORWARD || this == FORWARD_TRANSITIVE || checksFull();
  }

  public boolean transitive() {
    return name().endsWith("_TRANSITIVE");
  }

  private boolean checksFull() {
    return this == FULL || this == FULL_TRANSITIVE;
  }
}
