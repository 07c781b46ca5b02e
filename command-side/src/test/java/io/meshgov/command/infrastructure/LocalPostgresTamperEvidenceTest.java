package io.meshgov.command.infrastructure;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;

/** Tamper evidence on the PostgreSQL server at 127.0.0.1:5432, a database per test. */
class LocalPostgresTamperEvidenceTest extends TamperEvidenceContract {

  private static final List<PostgresDatabase> databases = new ArrayList<>();

  @Override
  StoreUnderTest freshStore() {
    PostgresDatabase database = PostgresDatabase.createOnLocalServer();
    databases.add(database);
    return database.store();
  }

  @AfterAll
  static void dropDatabases() {
    databases.forEach(PostgresDatabase::close);
    databases.clear();
  }
}
