package io.meshgov.schema;

import io.meshgov.api.CompatibilityMode;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * Checks a candidate schema against earlier versions with Avro's own reader/writer compatibility
 * check, under Confluent Schema Registry's meaning of the modes: BACKWARD reads old data with the
 * new schema, FORWARD reads new data with the old schema, FULL does both; the transitive forms
 * check every earlier version, the others only the latest.
 */
public final class SchemaCompatibilityChecker {

  private SchemaCompatibilityChecker() {}

  /**
   * Returns the violations, empty when the candidate is compatible.
   *
   * @param previous the published versions, oldest first
   */
  public static List<String> violations(
      CompatibilityMode mode, Schema candidate, List<Schema> previous) {
    List<String> violations = new ArrayList<>();
    if (mode == CompatibilityMode.NONE || previous.isEmpty()) {
      return violations;
    }
    int first = mode.transitive() ? 0 : previous.size() - 1;
    for (int i = previous.size() - 1; i >= first; i--) {
      Schema earlier = previous.get(i);
      int version = i + 1;
      if (mode.checksBackward()) {
        describe(violations, "BACKWARD", version, candidate, earlier);
      }
      if (mode.checksForward()) {
        describe(violations, "FORWARD", version, earlier, candidate);
      }
    }
    return violations;
  }

  private static void describe(
      List<String> violations, String direction, int version, Schema reader, Schema writer) {
    var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
    if (result.getCompatibility() == SchemaCompatibilityType.COMPATIBLE) {
      return;
    }
    for (Incompatibility incompatibility : result.getIncompatibilities()) {
      violations.add(
          direction
              + " against version "
              + version
              + ": "
              + incompatibility.getType()
              + " at "
              + incompatibility.getLocation()
              + " ("
              + incompatibility.getMessage()
              + ")");
    }
  }
}
