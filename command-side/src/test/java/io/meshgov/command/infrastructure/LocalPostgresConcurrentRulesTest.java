package io.meshgov.command.infrastructure;

import org.junit.jupiter.api.AfterAll;

/**
 * The cross-aggregate rules under concurrency on the PostgreSQL server, in a database of its own.
 */
class LocalPostgresConcurrentRulesTest extends ConcurrentRulesContract {

  private PostgresDatabase database;

  @Override
  StoreUnderTest store() {
    if (database == null) {
      database = PostgresDatabase.createOnLocalServer();
    }
    return database.store();
  }

  @AfterAll
  void dropDatabase() {
    if (database != null) {
      database.close();
    }
  }
}
