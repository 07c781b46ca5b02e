package io.meshgov.lineage.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.exceptions.AuthenticationException;

/**
 * The embedded Neo4j's user gets its secret without a Cypher statement on a first start (Neo4j's
 * initial-user file) and keeps it over restarts; a restart with another secret (the secret file
 * replaced) sets that one, and the old one no longer signs in.
 */
class EmbeddedAuthenticationTest {

  @Test
  void the_secret_signs_in_from_the_first_start_and_a_new_secret_replaces_it(@TempDir Path home)
      throws Exception {
    try (EmbeddedNeo4j neo4j = EmbeddedNeo4j.startWithAuthentication(home, "first-secret")) {
      assertSignsIn(neo4j, "first-secret");
      assertRefused(neo4j, "neo4j");
      assertRefused(neo4j, "other-secret");
    }
    try (Stream<Path> files = Files.walk(home)) {
      assertThat(files.map(Path::getFileName).map(Path::toString)).doesNotContain("auth.ini");
    }
    // the file was written in a folder only its owner can open
    Path dbms = home.resolve("data").resolve("dbms");
    assertThat(Files.getPosixFilePermissions(dbms))
        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));

    // a file a start stopped half-way left is deleted by the next start, and not used
    Files.writeString(dbms.resolve("auth.ini"), "neo4j:left-over:\n");
    try (EmbeddedNeo4j neo4j = EmbeddedNeo4j.startWithAuthentication(home, "first-secret")) {
      assertSignsIn(neo4j, "first-secret");
    }
    assertThat(dbms.resolve("auth.ini")).doesNotExist();

    try (EmbeddedNeo4j neo4j = EmbeddedNeo4j.startWithAuthentication(home, "other-secret")) {
      assertSignsIn(neo4j, "other-secret");
      assertRefused(neo4j, "first-secret");
    }
  }

  /** Signs in over Bolt and runs a query: no password change is asked for. */
  private static void assertSignsIn(EmbeddedNeo4j neo4j, String secret) {
    try (var driver =
            GraphDatabase.driver(neo4j.boltUri(), AuthTokens.basic(EmbeddedNeo4j.USER, secret));
        var session = driver.session()) {
      assertThat(session.run("RETURN 1 AS one").single().get("one").asInt()).isEqualTo(1);
    }
  }

  private static void assertRefused(EmbeddedNeo4j neo4j, String secret) {
    try (var driver =
        GraphDatabase.driver(neo4j.boltUri(), AuthTokens.basic(EmbeddedNeo4j.USER, secret))) {
      assertThatThrownBy(driver::verifyConnectivity).isInstanceOf(AuthenticationException.class);
    }
  }
}
