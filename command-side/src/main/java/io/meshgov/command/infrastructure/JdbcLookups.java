package io.meshgov.command.infrastructure;

import io.meshgov.api.DataProductId;
import io.meshgov.api.DomainName;
import io.meshgov.api.Lifecycle;
import io.meshgov.api.PersonId;
import io.meshgov.api.SubscriptionId;
import io.meshgov.api.TeamId;
import io.meshgov.command.domain.directory.ApprovedSubscription;
import io.meshgov.command.domain.directory.DomainDirectory;
import io.meshgov.command.domain.directory.ProductCatalog;
import io.meshgov.command.domain.directory.ProductView;
import io.meshgov.command.domain.directory.SubscriptionRegistry;
import io.meshgov.command.domain.directory.TeamDirectory;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The command-side lookups on the tables that {@link LookupProjector} keeps. Reads run on the
 * connection of the command's transaction, so they see the decisions committed before it.
 */
class JdbcLookups implements TeamDirectory, DomainDirectory, ProductCatalog, SubscriptionRegistry {

  private final JdbcTemplate jdbc;
  private final LookupWrites writes;

  JdbcLookups(JdbcTemplate jdbc, LookupWrites writes) {
    this.jdbc = jdbc;
    this.writes = writes;
  }

  @Override
  public boolean domainExists(DomainName domain) {
    writes.flush("lookup_domain");
    return exists("select count(*) from lookup_domain where domain_id = ?", domain.value());
  }

  @Override
  public boolean isDomainOwner(DomainName domain, PersonId person) {
    writes.flush("lookup_domain_owner");
    return exists(
        "select count(*) from lookup_domain_owner where domain_id = ? and person_id = ?",
        domain.value(),
        person.value());
  }

  @Override
  public Standing standing(DomainName domain, PersonId person) {
    writes.flush("lookup_domain");
    writes.flush("lookup_domain_owner");
    return jdbc.queryForObject(
        "select (select count(*) from lookup_domain where domain_id = ?) as domains,"
            + " (select count(*) from lookup_domain_owner where domain_id = ? and person_id = ?)"
            + " as owners",
        (rs, i) ->
            rs.getInt("domains") == 0
                ? Standing.NO_SUCH_DOMAIN
                : rs.getInt("owners") > 0 ? Standing.OWNER : Standing.NOT_OWNER,
        domain.value(),
        domain.value(),
        person.value());
  }

  @Override
  public Optional<DomainName> domainOf(TeamId team) {
    writes.flush("lookup_team");
    Optional<DomainName> known =
        jdbc
            .queryForList(
                "select domain_id from lookup_team where team_id = ? and domain_id is not null",
                String.class,
                team.value())
            .stream()
            .findFirst()
            .map(DomainName::of);
    return known.isPresent() ? known : domainOfFirstEvent(team);
  }

  /**
   * A team of a store written before the lookups kept domains: the domain its registration event
   * names (the first event of its stream, JSON), so its products are held to it without a rebuild.
   */
  private Optional<DomainName> domainOfFirstEvent(TeamId team) {
    List<byte[]> payloads =
        jdbc.query(
            "select payload from domain_event_entry"
                + " where aggregate_identifier = ? and sequence_number = 0",
            (row, index) -> row.getBytes(1),
            team.value());
    if (payloads.isEmpty()) {
      return Optional.empty();
    }
    try {
      String domain = FIRST_EVENT.readTree(payloads.get(0)).path("domain").asText("");
      return domain.isEmpty() ? Optional.empty() : Optional.of(DomainName.of(domain));
    } catch (java.io.IOException | RuntimeException unreadable) {
      return Optional.empty();
    }
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper FIRST_EVENT =
      new com.fasterxml.jackson.databind.ObjectMapper();

  @Override
  public boolean teamExists(TeamId team) {
    writes.flush("lookup_team");
    return exists("select count(*) from lookup_team where team_id = ?", team.value());
  }

  @Override
  public Optional<Instant> memberSince(TeamId team, PersonId person) {
    writes.flush("lookup_team_member");
    List<Instant> since =
        jdbc.query(
            "select member_since from lookup_team_member where team_id = ? and person_id = ?",
            (rs, i) -> {
              long millis = rs.getLong("member_since");
              return rs.wasNull() ? Instant.EPOCH : Instant.ofEpochMilli(millis);
            },
            team.value(),
            person.value());
    return since.stream().findFirst();
  }

  @Override
  public boolean isMember(TeamId team, PersonId person) {
    writes.flush("lookup_team_member");
    return exists(
        "select count(*) from lookup_team_member where team_id = ? and person_id = ?",
        team.value(),
        person.value());
  }

  @Override
  public Optional<ProductView> product(DataProductId product) {
    return product(product, "");
  }

  @Override
  public Optional<ProductView> lockProduct(DataProductId product) {
    return product(product, " for update");
  }

  private Optional<ProductView> product(DataProductId product, String lock) {
    writes.flush("lookup_product", "lookup_product_field");
    List<ProductView> rows =
        jdbc.query(
            "select owning_team, steward, lifecycle, sla_version from lookup_product"
                + " where product_id = ?"
                + lock,
            (rs, i) ->
                new ProductView(
                    product,
                    TeamId.of(rs.getString("owning_team")),
                    rs.getString("steward") == null ? null : PersonId.of(rs.getString("steward")),
                    Lifecycle.valueOf(rs.getString("lifecycle")),
                    Set.of(),
                    rs.getObject("sla_version", Integer.class)),
            product.value());
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Set<String> fields =
        new HashSet<>(
            jdbc.queryForList(
                "select field_name from lookup_product_field where product_id = ?",
                String.class,
                product.value()));
    ProductView row = rows.get(0);
    return Optional.of(
        new ProductView(
            product, row.owningTeam(), row.steward(), row.lifecycle(), fields, row.slaVersion()));
  }

  @Override
  public Optional<DataProductId> boundTo(io.meshgov.api.DatasetName dataset) {
    writes.flush("lookup_dataset");
    return jdbc
        .queryForList(
            "select product_id from lookup_dataset where dataset_key = ?",
            String.class,
            LookupProjector.datasetKey(dataset))
        .stream()
        .findFirst()
        .map(DataProductId::of);
  }

  /**
   * Whether {@code from} reaches {@code to} downstream, asked before {@code to} is declared an
   * upstream of {@code from} (the edge to -> from): a cycle if so. The walk is a recursive query
   * over the declared edges; UNION keeps each product once, so it costs the products reached, not
   * the paths.
   *
   * <p>Two declarations that each pass the check alone must not close a cycle together (decision
   * 65). On PostgreSQL declarations in unrelated parts of the mesh must not wait for each other
   * either, so the check locks what it relies on, until the transaction ends: the upstream's row
   * exclusively (it gains an edge), and every product reached from {@code from}, {@code from}
   * included, with a key-share lock (none of them may gain an edge meanwhile; ordinary updates of
   * those rows are not held up). Two declarations that would close a cycle together each hold the
   * other's upstream in their reach, so one waits for the other (or the database breaks their
   * deadlock and one is refused as a concurrent change); after taking the locks the walk is made
   * again, now seeing what it waited for, until it reaches nothing it has not locked. H2 has only
   * exclusive row locks (two overlapping reaches would deadlock without any cycle): there the check
   * locks the one lineage guard row, as before, and declarations take turns.
   */
  @Override
  public boolean feeds(DataProductId from, DataProductId to) {
    writes.flush("lookup_product", "lookup_lineage_edge");
    if (!postgres()) {
      jdbc.queryForList(
          "select id from lookup_lineage_guard where id = 1 for update", Integer.class);
      return reach(from).contains(to.value());
    }
    jdbc.queryForList(
        "select product_id from lookup_product where product_id = ? for update",
        String.class,
        to.value());
    Set<String> locked = new HashSet<>();
    for (int round = 0; round < MAX_LOCK_ROUNDS; round++) {
      Set<String> reached = new HashSet<>(reach(from));
      reached.add(from.value());
      if (reached.contains(to.value())) {
        return true;
      }
      reached.removeAll(locked);
      if (reached.isEmpty()) {
        return false;
      }
      List<String> lock = reached.stream().sorted().toList();
      for (int at = 0; at < lock.size(); at += 500) {
        List<String> part = lock.subList(at, Math.min(lock.size(), at + 500));
        jdbc.queryForList(
            "select product_id from lookup_product where product_id in ("
                + String.join(",", java.util.Collections.nCopies(part.size(), "?"))
                + ") order by product_id for key share", // one order: fewer deadlocks
            String.class,
            part.toArray());
      }
      locked.addAll(lock);
    }
    throw new org.springframework.dao.CannotAcquireLockException(
        "the lineage below " + from.value() + " kept changing while it was checked");
  }

  /** How often a cycle check walks again after locking what it found new. */
  private static final int MAX_LOCK_ROUNDS = 20;

  private List<String> reach(DataProductId from) {
    return jdbc.queryForList(
        """
        with recursive reach(product_id) as (
          select downstream from lookup_lineage_edge where upstream = ?
          union
          select e.downstream from lookup_lineage_edge e join reach r on e.upstream = r.product_id
        )
        select product_id from reach
        """,
        String.class,
        from.value());
  }

  private boolean postgres() {
    return writes.postgres();
  }

  @Override
  public List<ApprovedSubscription> approvedSubscriptions(DataProductId product) {
    writes.flush("lookup_subscription", "lookup_subscription_field");
    return jdbc.query(
        """
        select subscription_id, consumer_team, sla_version from lookup_subscription
        where product_id = ? and status = 'APPROVED' order by subscription_id
        """,
        (rs, i) ->
            new ApprovedSubscription(
                SubscriptionId.of(rs.getString("subscription_id")),
                TeamId.of(rs.getString("consumer_team")),
                new HashSet<>(
                    jdbc.queryForList(
                        "select field_name from lookup_subscription_field where subscription_id = ?",
                        String.class,
                        rs.getString("subscription_id"))),
                rs.getObject("sla_version", Integer.class)),
        product.value());
  }

  private boolean exists(String sql, Object... args) {
    Integer count = jdbc.queryForObject(sql, Integer.class, args);
    return count != null && count > 0;
  }
}
