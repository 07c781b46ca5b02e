package io.meshgov.command.audit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * The store positions the chaining engine gave the events a unit of work appended, by aggregate:
 * the database answers them with the insert, so the command's answer (its aggregate's last
 * position) needs no query of its own afterwards.
 */
public final class AppendedPositions {

  private static final String RESOURCE = AppendedPositions.class.getName();

  private AppendedPositions() {}

  /** Remembers the rows' positions on the current unit of work, when there is one. */
  static void remember(List<StoredRow> rows) {
    if (!CurrentUnitOfWork.isStarted()) {
      return;
    }
    Map<String, Long> positions =
        CurrentUnitOfWork.get().root().getOrComputeResource(RESOURCE, key -> new HashMap<>());
    for (StoredRow row : rows) {
      positions.merge(row.aggregateId(), row.position(), Math::max);
    }
  }

  /**
   * The last position appended for the aggregate in this unit of work, or null when it appended
   * none (a command that changed nothing) or the store does not chain.
   */
  public static Long of(UnitOfWork<?> unitOfWork, String aggregateId) {
    Map<String, Long> positions = unitOfWork.root().getResource(RESOURCE);
    return positions == null ? null : positions.get(aggregateId);
  }
}
