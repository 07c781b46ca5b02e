package io.meshgov.testsupport;

import io.meshgov.api.wire.GovernanceEvent;
import io.meshgov.api.wire.StoredEvents;
import io.meshgov.command.infrastructure.GovernanceCommands;
import io.meshgov.lineage.embedded.EmbeddedNeo4j;
import io.meshgov.lineage.projection.GraphChecksum;
import io.meshgov.lineage.projection.GraphProjector;
import io.meshgov.lineage.projection.GraphSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The distributed setup inside one test JVM: a KRaft broker, a database of its own on the local
 * PostgreSQL server, a Neo4j server (embedded, over Bolt), the command service and the query
 * service as two application contexts joined only by the broker (and the query service's HTTP calls
 * to the command service). Each service can be stopped and started again, as can the broker.
 */
public final class DistributedMesh implements AutoCloseable {

  /** The query service's credential towards the command service in these tests. */
  public static final String SERVICE_SECRET = "test-secret-" + UUID.randomUUID();

  private final String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  public final String topic = "meshgov.events." + id;
  public final Path dataDir;
  public final TestBroker broker;
  private final java.net.URI neo4j;
  private final EmbeddedNeo4j scratch;
  private final List<AutoCloseable> servers = new ArrayList<>();
  private final String database = "meshgov_test_" + id;
  private final String jdbcUrl;
  private final String jdbcUser;
  private final String jdbcPassword;
  private ConfigurableApplicationContext command;
  private ConfigurableApplicationContext query;
  private int commandPort;

  private final Class<?> application;

  /**
   * @param application the application's main class, started once per service
   */
  public DistributedMesh(Class<?> application) {
    this.application = application;
    try {
      dataDir = Files.createTempDirectory("meshgov-distributed");
      broker = TestBroker.start();
      servers.add(broker);
      neo4j = startNeo4j();
      // the reference graph for "equal to a rebuild from the store"
      scratch = EmbeddedNeo4j.start(Files.createTempDirectory("meshgov-neo4j-rebuild"));
      servers.add(scratch);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (useContainer("meshgov.test.postgres")) {
      var postgres = new org.testcontainers.containers.PostgreSQLContainer<>("postgres:16-alpine");
      postgres.start();
      servers.add(postgres::stop);
      jdbcUrl = postgres.getJdbcUrl();
      jdbcUser = postgres.getUsername();
      jdbcPassword = postgres.getPassword();
    } else {
      postgres("create database " + database);
      servers.add(() -> postgres("drop database if exists " + database + " with (force)"));
      jdbcUrl = "jdbc:postgresql://127.0.0.1:5432/" + database;
      jdbcUser = "postgres";
      jdbcPassword = "";
    }
  }

  /**
   * {@code -Dmeshgov.test.neo4j} / {@code meshgov.test.postgres}: container, embedded (or local),
   * or auto (default): the container image where a Docker engine exists.
   */
  private static boolean useContainer(String switchName) {
    String mode = System.getProperty(switchName, "auto");
    return mode.equals("container")
        || (mode.equals("auto")
            && org.testcontainers.DockerClientFactory.instance().isDockerAvailable());
  }

  private java.net.URI startNeo4j() throws IOException {
    if (useContainer("meshgov.test.neo4j")) {
      var container =
          new org.testcontainers.containers.Neo4jContainer<>("neo4j:5.26").withoutAuthentication();
      container.start();
      servers.add(container::stop);
      return java.net.URI.create(container.getBoltUrl());
    }
    EmbeddedNeo4j server = EmbeddedNeo4j.start(Files.createTempDirectory("meshgov-neo4j"));
    servers.add(server);
    return server.boltUri();
  }

  public ConfigurableApplicationContext startCommandService(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--server.port=" + commandPort,
                "--meshgov.data-dir=" + dataDir,
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=" + jdbcUser,
                "--spring.datasource.password=" + jdbcPassword,
                "--meshgov.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                "--meshgov.kafka.topic=" + topic,
                "--meshgov.command-service.secret=" + SERVICE_SECRET));
    args.addAll(List.of(more));
    command =
        new SpringApplicationBuilder(application)
            .profiles("command")
            .run(args.toArray(String[]::new));
    // a restarted command service keeps its address, as behind a service name
    commandPort = Integer.parseInt(command.getEnvironment().getProperty("local.server.port"));
    return command;
  }

  public ConfigurableApplicationContext startQueryService(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--server.port=0",
                "--meshgov.data-dir=" + dataDir,
                "--meshgov.neo4j.uri=" + neo4j,
                "--meshgov.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                "--meshgov.kafka.topic=" + topic,
                "--meshgov.kafka.consumer-group=meshgov-query-" + id,
                "--meshgov.command-service.url=http://127.0.0.1:" + commandPort,
                "--meshgov.command-service.secret=" + SERVICE_SECRET,
                // the first events compile the graph's statements in a cold JVM on two cores
                "--meshgov.graphql.read-your-writes-timeout=PT30S"));
    args.addAll(List.of(more));
    query =
        new SpringApplicationBuilder(application)
            .profiles("query")
            .run(args.toArray(String[]::new));
    return query;
  }

  public void stopCommandService() {
    command.close();
    command = null;
  }

  public void stopQueryService() {
    query.close();
    query = null;
  }

  public GovernanceCommands commands() {
    return command.getBean(GovernanceCommands.class);
  }

  /** The events of one aggregate as the command service's store holds them. */
  public List<GovernanceEvent> storedEvents(String aggregateId) {
    return command
        .getBean(EventStore.class)
        .readEvents(aggregateId)
        .asStream()
        .map(StoredEvents::from)
        .toList();
  }

  /** Events in the store the broker has not acknowledged, as the publisher's metric says. */
  public double publisherLag() {
    return command
        .getBean(io.micrometer.core.instrument.MeterRegistry.class)
        .get("meshgov.publisher.lag.events")
        .gauge()
        .value();
  }

  /** A gauge or counter of the query service, as its metrics endpoint would show it. */
  public double queryMetric(String name) {
    var meter = query.getBean(io.micrometer.core.instrument.MeterRegistry.class).get(name).meter();
    return meter.measure().iterator().next().getValue();
  }

  /** The position of the last event in the store, -1 when empty. */
  public long storeHead() {
    var head = command.getBean(EventStore.class).createHeadToken();
    return head == null ? -1 : head.position().orElse(-1);
  }

  /** The event store's database, for a raw JDBC baseline beside it. */
  public String[] jdbc() {
    return new String[] {jdbcUrl, jdbcUser, jdbcPassword};
  }

  public java.net.URI neo4jUri() {
    return neo4j;
  }

  public int commandPort() {
    return commandPort;
  }

  public int queryPort() {
    return Integer.parseInt(query.getEnvironment().getProperty("local.server.port"));
  }

  public GraphQlClient graphQl() {
    return new GraphQlClient(
        Integer.parseInt(query.getEnvironment().getProperty("local.server.port")), dataDir);
  }

  /** The checksum of the query service's graph. */
  public String graphChecksum() {
    try (Driver driver = GraphDatabase.driver(neo4j, AuthTokens.none())) {
      return GraphChecksum.of(driver);
    }
  }

  /** The checksum of a graph rebuilt from the whole event store, in a Neo4j of its own. */
  public String rebuiltChecksum() {
    EventStore store = command.getBean(EventStore.class);
    List<GovernanceEvent> events = new ArrayList<>();
    var head = store.createHeadToken();
    long last = head == null ? -1 : head.position().orElse(-1);
    try (BlockingStream<TrackedEventMessage<?>> stream = store.openStream(null)) {
      long position = -1;
      while (position < last && stream.hasNextAvailable(5, TimeUnit.SECONDS)) {
        TrackedEventMessage<?> message = stream.nextAvailable();
        position = message.trackingToken().position().orElse(position);
        if (message instanceof DomainEventMessage<?> event) {
          events.add(StoredEvents.from(event));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    try (Driver driver = GraphDatabase.driver(scratch.boltUri(), AuthTokens.none())) {
      GraphProjector projector = new GraphProjector(driver);
      projector.dropAll();
      GraphSchema.create(driver);
      projector.apply(events);
      return GraphChecksum.of(driver);
    }
  }

  @Override
  public void close() {
    if (query != null) {
      stopQueryService();
    }
    if (command != null) {
      stopCommandService();
    }
    for (int i = servers.size() - 1; i >= 0; i--) {
      try {
        servers.get(i).close();
      } catch (Exception e) {
        // the next one still has to stop
      }
    }
  }

  private static void postgres(String sql) {
    try (Connection connection =
        DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "")) {
      connection.createStatement().execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL on 127.0.0.1:5432 refused '" + sql + "'", e);
    }
  }
}
