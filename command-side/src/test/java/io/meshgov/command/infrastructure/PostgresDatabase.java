package io.meshgov.command.infrastructure;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A database of its own on a running PostgreSQL server, created for one test class and dropped
 * after it, so runs on a shared server never see each other's data. The server defaults to the
 * local one on 127.0.0.1:5432 (trust authentication); {@code -Dmeshgov.test.postgres.url}, {@code
 * .user} and {@code .password} point elsewhere.
 */
final class PostgresDatabase implements AutoCloseable {

  private final String serverUrl;
  private final String user;
  private final String password;
  private final String name;

  private PostgresDatabase(String serverUrl, String user, String password) {
    this.serverUrl = serverUrl;
    this.user = user;
    this.password = password;
    this.name = "meshgov_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }

  static PostgresDatabase createOnLocalServer() {
    var database =
        new PostgresDatabase(
            System.getProperty("meshgov.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/"),
            System.getProperty("meshgov.test.postgres.user", "postgres"),
            System.getProperty("meshgov.test.postgres.password", ""));
    database.execute("create database " + database.name);
    return database;
  }

  StoreUnderTest store() {
    return new StoreUnderTest(serverUrl + name, user, password);
  }

  @Override
  public void close() {
    execute("drop database if exists " + name + " with (force)");
  }

  private void execute(String sql) {
    try (Connection connection =
            DriverManager.getConnection(serverUrl + "postgres", user, password);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "PostgreSQL at " + serverUrl + " refused '" + sql + "': is the server running?", e);
    }
  }
}
