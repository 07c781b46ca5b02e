package io.meshgov.command.infrastructure;

/** Where a test's event store lives: a JDBC URL and its credentials. */
record StoreUnderTest(String url, String user, String password) {}
