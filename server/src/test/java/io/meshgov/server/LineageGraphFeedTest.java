package io.meshgov.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshgov.api.Classification;
import io.meshgov.api.DataProductId;
import io.meshgov.api.DomainName;
import io.meshgov.api.FieldMapping;
import io.meshgov.api.PersonId;
import io.meshgov.api.SubscriptionId;
import io.meshgov.api.TeamId;
import io.meshgov.api.TeamRole;
import io.meshgov.api.command.DataProductCommand.DeclareUpstreamCommand;
import io.meshgov.api.command.DataProductCommand.PublishSchemaVersionCommand;
import io.meshgov.api.command.DataProductCommand.RegisterDataProductCommand;
import io.meshgov.api.command.SubscriptionCommand.ApproveSubscriptionCommand;
import io.meshgov.api.command.SubscriptionCommand.RequestSubscriptionCommand;
import io.meshgov.api.command.TeamCommand.AddTeamMemberCommand;
import io.meshgov.api.command.TeamCommand.RegisterTeamCommand;
import io.meshgov.command.infrastructure.GovernanceCommands;
import io.meshgov.lineage.projection.GraphChecksum;
import io.meshgov.lineage.projection.GraphProjector;
import io.meshgov.lineage.query.Direction;
import io.meshgov.lineage.query.LineageQueries;
import io.meshgov.lineage.query.LineageResult;
import io.meshgov.query.graph.GraphRebuild;
import io.meshgov.testsupport.TestDomains;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Driver;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The embedded application end to end: commands go into the store, the tracking processor feeds the
 * embedded graph, the graph answers, a restart keeps the processor's position, and a rebuild from
 * the store gives the same graph.
 */
class LineageGraphFeedTest {

  private static final String SCHEMA =
      """
      {"type":"record","name":"R","fields":[{"name":"id","type":"string"},{"name":"amount","type":"long"}]}
      """;

  @TempDir Path dataDir;

  private ConfigurableApplicationContext start() {
    return new SpringApplicationBuilder(MeshgovApplication.class)
        .web(WebApplicationType.NONE)
        .run(
            "--meshgov.data-dir=" + dataDir,
            "--meshgov.graph.batch-size=50",
            // a rebuild of many batches: their inbox items are delivered beside later batches
            "--meshgov.graph.rebuild-batch-size=3");
  }

  @Test
  void commands_reach_the_graph_survive_a_restart_and_a_rebuild_gives_the_same_graph() {
    DataProductId raw = DataProductId.of("sales.raw-orders");
    DataProductId clean = DataProductId.of("sales.orders");
    DataProductId revenue = DataProductId.of("sales.revenue");
    long tokenBefore;
    String checksumBefore;
    try (ConfigurableApplicationContext app = start()) {
      GovernanceCommands commands = app.getBean(GovernanceCommands.class);
      TestDomains.register(commands, "sales", "finance");
      TeamId sales = TeamId.of("sales");
      commands.send(new RegisterTeamCommand(sales, "Sales", DomainName.of("sales")), "alice", null);
      commands.send(
          new AddTeamMemberCommand(sales, PersonId.of("bob"), TeamRole.MEMBER), "alice", null);
      List<io.meshgov.api.command.GovernanceGateway.Outcome> outcomes = new ArrayList<>();
      for (DataProductId product : List.of(raw, clean, revenue)) {
        commands.send(
            new RegisterDataProductCommand(
                product,
                sales,
                null,
                "orders " + product,
                List.of("orders"),
                Classification.INTERNAL,
                null,
                null),
            "alice",
            null);
        outcomes.add(commands.send(new PublishSchemaVersionCommand(product, SCHEMA), "bob", null));
      }
      commands.send(
          new DeclareUpstreamCommand(
              clean, raw, List.of(new FieldMapping("amount", List.of("amount"), "dedup"))),
          "alice",
          null);
      commands.send(
          new DeclareUpstreamCommand(
              revenue, clean, List.of(new FieldMapping("amount", List.of("amount"), null))),
          "bob",
          "revenue reads orders");
      // events that concern people: sales hears of a request and a new subscriber, carol of the
      // approval; dave, who joins sales afterwards, of none of it
      TeamId finance = TeamId.of("finance-readers");
      commands.send(
          new RegisterTeamCommand(finance, "Finance", DomainName.of("finance")), "carol", null);
      SubscriptionId subscription = SubscriptionId.of("sub_feed-test");
      commands.send(
          new RequestSubscriptionCommand(
              subscription, clean, finance, null, "reports", List.of("amount"), null),
          "carol",
          null);
      commands.send(new ApproveSubscriptionCommand(subscription), "alice", null);
      var last =
          commands.send(
              new AddTeamMemberCommand(sales, PersonId.of("dave"), TeamRole.MEMBER), "alice", null);

      GraphProjector projector = app.getBean(GraphProjector.class);
      await().atMost(Duration.ofSeconds(20)).until(() -> projector.position() >= last.position());
      var metrics = app.getBean(io.micrometer.core.instrument.MeterRegistry.class);
      assertThat(metrics.get("meshgov.projection.lag.events").gauge().value()).isZero();
      assertThat(metrics.get("meshgov.projection.lag.seconds").gauge().value()).isZero();

      LineageQueries queries = app.getBean(LineageQueries.class);
      LineageResult downstream = queries.lineage(raw, Direction.DOWNSTREAM, null, null);
      assertThat(downstream.nodes())
          .extracting(LineageResult.Node::id, LineageResult.Node::depth)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(clean.value(), 1),
              org.assertj.core.groups.Tuple.tuple(revenue.value(), 2));
      assertThat(queries.impact(raw, List.of("amount")).fields())
          .extracting(f -> f.id())
          .containsExactly("sales.orders#amount", "sales.revenue#amount");

      tokenBefore = position(app);
      assertThat(tokenBefore).isGreaterThanOrEqualTo(last.position());
      checksumBefore = GraphChecksum.of(app.getBean(Driver.class));

      // a failure on the writing side (here the progress callback, which runs there) stops the
      // rebuild and reaches the caller; a rebuild after it restores the same graph
      GraphRebuild rebuild = app.getBean(GraphRebuild.class);
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  rebuild.rebuild(
                      progress -> {
                        throw new IllegalStateException("the writer failed");
                      }))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("the writer failed");

      GraphRebuild.Report report = rebuild.rebuild(progress -> {});
      assertThat(report.checksum()).isEqualTo(checksumBefore);
      var inbox = app.getBean(io.meshgov.lineage.query.InboxQueries.class);
      assertThat(inbox.inbox("bob", null, 10, false)).hasSize(2);
      assertThat(inbox.inbox("carol", null, 10, false)).hasSize(1);
      assertThat(inbox.inbox("dave", null, 10, false)).isEmpty();
      assertThat(report.events()).isEqualTo(last.position());
    }

    try (ConfigurableApplicationContext app = start()) {
      // the processor continues where it was; the graph on disk is the same
      assertThat(position(app)).isGreaterThanOrEqualTo(tokenBefore);
      assertThat(GraphChecksum.of(app.getBean(Driver.class))).isEqualTo(checksumBefore);
      var more =
          app.getBean(GovernanceCommands.class)
              .send(
                  new RegisterTeamCommand(
                      TeamId.of("finance"), "Finance", DomainName.of("finance")),
                  "fred",
                  null);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> app.getBean(GraphProjector.class).position() >= more.position());
    }
  }

  private static long position(ConfigurableApplicationContext app) {
    var token = app.getBean(TokenStore.class).fetchToken("lineage-graph", 0);
    return token == null ? -1 : token.position().orElse(-1);
  }
}
