package io.meshgov.command.infrastructure;

import org.junit.jupiter.api.AfterAll;

/**
 * The event store contract on the PostgreSQL server at 127.0.0.1:5432, in a database of its own.
 */
class LocalPostgresEventStoreTest extends EventStoreContract {

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
