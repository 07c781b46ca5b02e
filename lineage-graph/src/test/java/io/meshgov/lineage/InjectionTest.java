package io.meshgov.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshgov.api.DataProductId;
import io.meshgov.api.DomainName;
import io.meshgov.api.GovernanceException;
import io.meshgov.api.PersonId;
import io.meshgov.api.TeamId;
import io.meshgov.api.TeamRole;
import io.meshgov.api.TransferId;
import io.meshgov.api.product.DataProductEvent.OwnershipTransferRequestedEvent;
import io.meshgov.api.team.TeamEvent.TeamMemberAddedEvent;
import io.meshgov.api.team.TeamEvent.TeamRegisteredEvent;
import io.meshgov.lineage.projection.GraphChecksum;
import io.meshgov.lineage.projection.GraphProjector;
import io.meshgov.lineage.query.Direction;
import io.meshgov.lineage.query.Neo4jLineageQueries;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.neo4j.driver.Driver;

/**
 * Input shaped like Cypher or Lucene syntax is data: ids shaped like it are refused before any
 * query, free text finds nothing and changes nothing, and text stored from events comes back
 * verbatim.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InjectionTest {

  /** Stored as data by the events below and read back unchanged. */
  static final String DELETE_ALL = "x'}) MATCH (n) DETACH DELETE n //";

  static final String SET_ALL = "\"}) SET n.lifecycle = 'RETIRED' RETURN 1 // $product {id: 1}";
  static final TeamId EVIL = TeamId.of("evil-team");
  static final DataProductId TARGET = DataProductId.of("evil.target");

  private Driver driver;
  private Neo4jLineageQueries queries;
  private String checksum;

  @BeforeAll
  void project() {
    driver = Neo4jTestServer.freshGraph();
    MeshScenario scenario = new MeshScenario();
    EventLog log = scenario.log;
    log.add(new TeamRegisteredEvent(EVIL, DELETE_ALL, DomainName.of("evil")));
    log.add(new TeamMemberAddedEvent(EVIL, PersonId.of("mallory"), TeamRole.LEAD));
    log.add(MeshScenario.product(TARGET, EVIL, "mallory", SET_ALL, "x'}) DETACH DELETE n //"));
    log.add(
        new OwnershipTransferRequestedEvent(
            TARGET,
            TransferId.of("trf_evil"),
            EVIL,
            MeshScenario.PAYMENTS,
            PersonId.of("mallory"),
            DELETE_ALL,
            log.now().plusSeconds(3600)));
    new GraphProjector(driver).apply(log.events());
    queries = new Neo4jLineageQueries(driver, 50);
    checksum = GraphChecksum.of(driver);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "x'}) MATCH (n) DETACH DELETE n //",
        "payments.settlements\"}) DETACH DELETE n RETURN 1 //",
        "') CALL db.clearQueryCaches() //",
        "*",
        "payments.settlements' OR 1=1 //"
      })
  void injection_shaped_ids_are_refused_before_any_query(String id) {
    assertThatThrownBy(() -> DataProductId.of(id)).isInstanceOf(GovernanceException.class);
    assertThatThrownBy(() -> TeamId.of(id)).isInstanceOf(GovernanceException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {DELETE_ALL, SET_ALL, "') CALL db.clearQueryCaches() //", "*"})
  void injection_shaped_field_names_and_tags_find_nothing_and_change_nothing(String text) {
    DataProductId settlements = MeshScenario.SETTLEMENTS;
    assertThat(queries.fieldLineage(settlements, text, Direction.BOTH, 3, null).nodes()).isEmpty();
    assertThat(queries.impact(settlements, List.of(text)).fields()).isEmpty();
    assertThat(queries.impact(settlements, List.of(text)).unknownFields()).containsExactly(text);
    assertThat(queries.productsTagged(text)).isEmpty();
    assertThat(GraphChecksum.of(driver)).isEqualTo(checksum);
  }

  @Test
  void stored_injection_text_comes_back_verbatim_as_data() {
    var product = queries.product(TARGET).orElseThrow();
    assertThat(product.description()).isEqualTo(SET_ALL);
    assertThat(product.lifecycle()).isEqualTo("ACTIVE");
    assertThat(product.tags()).containsExactly("x'}) DETACH DELETE n //");
    assertThat(queries.team(EVIL).orElseThrow().name()).isEqualTo(DELETE_ALL);
    assertThat(queries.ownershipHistory(TARGET).orElseThrow().transfers())
        .singleElement()
        .satisfies(t -> assertThat(t.reason()).isEqualTo(DELETE_ALL));
    assertThat(queries.productsTagged("x'}) DETACH DELETE n //"))
        .extracting(p -> p.id())
        .containsExactly(TARGET.value());
    // every product of the scenario is still there: nothing was deleted or retired
    assertThat(queries.products(null, 100)).hasSizeGreaterThanOrEqualTo(4);
    assertThat(GraphChecksum.of(driver)).isEqualTo(checksum);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "settled\") DETACH DELETE n //",
        "description:* OR id:*",
        "((( settled",
        "~!@#$%^&*()_+{}|:<>?[]\\;',./",
        "AND OR NOT",
        "\" OR \"\" = \""
      })
  void search_text_is_never_query_syntax(String text) {
    assertThat(queries.search(text, 10)).allSatisfy(p -> assertThat(p.id()).isNotBlank());
    assertThat(queries.search(text, 10)).hasSizeLessThanOrEqualTo(1);
    assertThat(GraphChecksum.of(driver)).isEqualTo(checksum);
  }
}
