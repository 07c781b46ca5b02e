package io.meshgov.command.infrastructure;

import java.sql.SQLException;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;

/**
 * Recognises a unique-key violation by the standard SQLSTATE 23505, which PostgreSQL and H2 both
 * report (also inside a batch's chained exceptions). Axon turns it into a conflict: a second writer
 * at the same sequence number, or a second aggregate with the same id.
 */
class UniqueViolationResolver implements PersistenceExceptionResolver {

  private static final String UNIQUE_VIOLATION = "23505";

  @Override
  public boolean isDuplicateKeyViolation(Exception exception) {
    for (Throwable e = exception; e != null; e = e.getCause()) {
      if (e instanceof SQLException sql) {
        for (SQLException next = sql; next != null; next = next.getNextException()) {
          if (UNIQUE_VIOLATION.equals(next.getSQLState())) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
