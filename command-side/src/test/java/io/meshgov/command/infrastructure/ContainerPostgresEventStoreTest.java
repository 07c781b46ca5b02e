package io.meshgov.command.infrastructure;

import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The same contract on a PostgreSQL container image. Runs where a Docker engine exists and is
 * skipped where none does.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerPostgresEventStoreTest extends EventStoreContract {

  @Container
  private static final PostgreSQLContainer<?> POSTGRES =
      new PostgreSQLContainer<>("postgres:15-alpine");

  @Override
  StoreUnderTest store() {
    return new StoreUnderTest(
        POSTGRES.getJdbcUrl(), POSTGRES.getUsername(), POSTGRES.getPassword());
  }
}
