package io.meshgov.lineage.projection;

import io.meshgov.api.FieldMapping;
import io.meshgov.api.SchemaField;
import io.meshgov.api.domain.DomainEvent.DomainRegisteredEvent;
import io.meshgov.api.product.DataProductEvent;
import io.meshgov.api.product.DataProductEvent.CompatibilityModeChangedEvent;
import io.meshgov.api.product.DataProductEvent.DataProductDeprecatedEvent;
import io.meshgov.api.product.DataProductEvent.DataProductRegisteredEvent;
import io.meshgov.api.product.DataProductEvent.DataProductRetiredEvent;
import io.meshgov.api.product.DataProductEvent.DataProductUpdatedEvent;
import io.meshgov.api.product.DataProductEvent.OwnershipTransferAcceptedEvent;
import io.meshgov.api.product.DataProductEvent.OwnershipTransferCancelledEvent;
import io.meshgov.api.product.DataProductEvent.OwnershipTransferExpiredEvent;
import io.meshgov.api.product.DataProductEvent.OwnershipTransferRejectedEvent;
import io.meshgov.api.product.DataProductEvent.OwnershipTransferRequestedEvent;
import io.meshgov.api.product.DataProductEvent.SchemaVersionPublishedEvent;
import io.meshgov.api.product.DataProductEvent.ServiceLevelAgreementPublishedEvent;
import io.meshgov.api.product.DataProductEvent.StewardAssignedEvent;
import io.meshgov.api.product.DataProductEvent.UpstreamDeclaredEvent;
import io.meshgov.api.product.DataProductEvent.UpstreamRemovedEvent;
import io.meshgov.api.subscription.SubscriptionEvent.SubscriptionApprovedEvent;
import io.meshgov.api.subscription.SubscriptionEvent.SubscriptionCancelledEvent;
import io.meshgov.api.subscription.SubscriptionEvent.SubscriptionRejectedEvent;
import io.meshgov.api.subscription.SubscriptionEvent.SubscriptionRequestedEvent;
import io.meshgov.api.subscription.SubscriptionEvent.SubscriptionRevokedEvent;
import io.meshgov.api.team.TeamEvent.TeamMemberAddedEvent;
import io.meshgov.api.team.TeamEvent.TeamMemberRemovedEvent;
import io.meshgov.api.team.TeamEvent.TeamMemberRoleChangedEvent;
import io.meshgov.api.team.TeamEvent.TeamRegisteredEvent;
import io.meshgov.api.wire.GovernanceEvent;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * How each event of the contract changes the graph: one Cypher statement per event type, run over a
 * list of rows ({@code UNWIND $rows AS row}) so a batch of events of one type costs one round trip.
 * Every row carries {@code time} (epoch milliseconds) and {@code pos} (global position);
 * relationships that can end get {@code since}/{@code sincePosition} when they start and {@code
 * until}/{@code untilPosition} when they end, and are never deleted.
 *
 * <p>Longer than most classes here on purpose: it is the one table of every event type's statement,
 * so that what an event does to the graph is read in one place (and the start-up check that no type
 * lacks a statement has one place to look). Observed lineage is the exception: its events are
 * reduced per batch before they are written ({@link ObservedStatements}), which the check counts.
 */
final class EventStatements {

  /** A statement and how to turn one event into its row. */
  record Statement(String cypher, BiConsumer<Object, Map<String, Object>> row) {}

  private static final Map<Class<?>, Statement> STATEMENTS = new HashMap<>();

  /**
   * Event types of the contract that change nothing in the graph, named so that leaving one out is
   * a decision and not an oversight. They still count in their aggregate's sequence. An export of
   * the history changes nothing the graph shows (it stays in the audit trail).
   */
  static final Set<Class<?>> IGNORED =
      Set.of(io.meshgov.api.audit.AuditEvent.HistoryExportedEvent.class);

  private EventStatements() {}

  static Statement of(Class<?> eventType) {
    return STATEMENTS.get(eventType);
  }

  static boolean ignores(Class<?> eventType) {
    return IGNORED.contains(eventType);
  }

  /**
   * Fails unless every given event type has a statement or is {@linkplain #IGNORED ignored}: a new
   * event type of the contract must be given its statement before a projector starts, or its events
   * would park their aggregates.
   */
  static void requireComplete(Collection<Class<?>> eventTypes) {
    List<String> missing =
        eventTypes.stream()
            .filter(
                t ->
                    !STATEMENTS.containsKey(t)
                        && !IGNORED.contains(t)
                        && !ObservedStatements.handles(t))
            .map(Class::getName)
            .sorted()
            .toList();
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "the lineage graph has no statement for event type(s) "
              + missing
              + ": add one to EventStatements or name it in EventStatements.IGNORED");
    }
  }

  /** The base row of an event: position, time and actor, plus the payload's own fields. */
  static Map<String, Object> row(GovernanceEvent event) {
    Map<String, Object> row = new HashMap<>();
    row.put("pos", event.position());
    row.put("time", event.time().toEpochMilli());
    row.put("actor", event.actor());
    Statement statement = STATEMENTS.get(event.payload().getClass());
    if (statement == null) {
      throw new IllegalArgumentException(
          "no graph statement for " + event.payload().getClass().getName());
    }
    statement.row().accept(event.payload(), row);
    return row;
  }

  @SuppressWarnings("unchecked")
  private static <E> void on(Class<E> type, String cypher, BiConsumer<E, Map<String, Object>> row) {
    STATEMENTS.put(
        type,
        new Statement(
            "CYPHER replan=skip\nUNWIND $rows AS row\n" + cypher,
            (event, map) -> row.accept((E) event, map)));
  }

  private static String value(Object id) {
    return id == null ? null : id.toString();
  }

  static {
    // domains and their owners
    on(
        DomainRegisteredEvent.class,
        """
        MERGE (d:Domain {id: row.domain})
        SET d.name = row.name, d.description = row.description, d.registeredAt = row.time
        WITH d, row
        UNWIND row.owners AS owner
        MERGE (p:Person {id: owner})
        MERGE (p)-[:OWNS_DOMAIN]->(d)
        """,
        (e, r) -> {
          r.put("domain", value(e.domainId()));
          r.put("name", e.name());
          r.put("description", e.description());
          r.put("owners", e.owners().stream().map(EventStatements::value).toList());
        });
    // teams and their members
    on(
        TeamRegisteredEvent.class,
        """
        MERGE (t:Team {id: row.team})
        SET t.name = row.name, t.domain = row.domain, t.registeredAt = row.time
        MERGE (d:Domain {id: row.domain})
        MERGE (t)-[:IN_DOMAIN]->(d)
        """,
        (e, r) -> {
          r.put("team", value(e.teamId()));
          r.put("name", e.name());
          r.put("domain", value(e.domain()));
        });
    on(
        TeamMemberAddedEvent.class,
        """
        MERGE (t:Team {id: row.team})
        MERGE (p:Person {id: row.person})
        CREATE (p)-[:MEMBER_OF {role: row.role, since: row.time, sincePosition: row.pos}]->(t)
        """,
        (e, r) -> {
          r.put("team", value(e.teamId()));
          r.put("person", value(e.person()));
          r.put("role", e.role().name());
        });
    on(
        TeamMemberRoleChangedEvent.class,
        // the membership in the old role ends, one in the new role starts: history kept
        """
        MATCH (p:Person {id: row.person})-[m:MEMBER_OF]->(t:Team {id: row.team})
        USING INDEX SEEK p:Person(id)
        WHERE m.until IS NULL
        SET m.until = row.time, m.untilPosition = row.pos
        CREATE (p)-[:MEMBER_OF {role: row.role, since: row.time, sincePosition: row.pos}]->(t)
        """,
        (e, r) -> {
          r.put("team", value(e.teamId()));
          r.put("person", value(e.person()));
          r.put("role", e.role().name());
        });
    on(
        TeamMemberRemovedEvent.class,
        """
        MATCH (p:Person {id: row.person})-[m:MEMBER_OF]->(t:Team {id: row.team})
        USING INDEX SEEK p:Person(id)
        WHERE m.until IS NULL
        SET m.until = row.time, m.untilPosition = row.pos
        """,
        (e, r) -> {
          r.put("team", value(e.teamId()));
          r.put("person", value(e.person()));
        });

    // data products: registration, description, steward, lifecycle; the product's domain is its
    // property (no edge to the domain node, which is made for the domain listing: decision 78)
    on(
        DataProductRegisteredEvent.class,
        """
        MERGE (p:DataProduct {id: row.product})
        SET p.domain = row.domain, p.name = row.name, p.description = row.description,
            p.tags = row.tags, p.tagText = row.tagText, p.classification = row.classification,
            p.outputPort = row.outputPort, p.compatibilityMode = row.compatibilityMode,
            p.lifecycle = 'ACTIVE', p.registeredAt = row.time, p.registeredBy = row.actor
        MERGE (:Domain {id: row.domain})
        MERGE (t:Team {id: row.team})
        CREATE (t)-[:OWNS {since: row.time, sincePosition: row.pos}]->(p)
        CREATE (p)-[:HAS_REVISION]->(:ProductRevision {productId: row.product, name: row.name,
                description: row.description, tags: row.tags, tagText: row.tagText,
                classification: row.classification, outputPort: row.outputPort,
                since: row.time, sincePosition: row.pos})
        WITH p, row WHERE row.steward IS NOT NULL
        MERGE (s:Person {id: row.steward})
        CREATE (s)-[:STEWARDS {since: row.time, sincePosition: row.pos}]->(p)
        """,
        (e, r) -> {
          r.put("product", value(e.productId()));
          r.put("domain", value(e.productId().domain()));
          r.put("name", e.productId().value().substring(e.productId().value().indexOf('.') + 1));
          r.put("description", e.description());
          r.put("tags", e.tags());
          r.put("tagText", String.join(" ", e.tags()));
          r.put("classification", e.classification().name());
          r.put("outputPort", e.outputPort());
          r.put("compatibilityMode", e.compatibilityMode().name());
          r.put("team", value(e.owningTeam()));
          r.put("steward", value(e.steward()));
        });
    on(
        DataProductUpdatedEvent.class,
        """
        MATCH (p:DataProduct {id: row.product})
        USING INDEX SEEK p:DataProduct(id)
        SET p.description = row.description, p.tags = row.tags, p.tagText = row.tagText,
            p.classification = row.classification, p.outputPort = row.outputPort,
            p.updatedAt = row.time
        WITH p, row
        OPTIONAL MATCH (p)-[:HAS_REVISION]->(old:ProductRevision) WHERE old.until IS NULL
        SET old.until = row.time, old.untilPosition = row.pos
        WITH DISTINCT p, row
        CREATE (p)-[:HAS_REVISION]->(:ProductRevision {productId: row.product, name: p.name,
                description: row.description, tags: row.tags, tagText: row.tagText,
                classification: row.classification, outputPort: row.outputPort,
                since: row.time, sincePosition: row.pos})
        """,
        (e, r) -> {
          r.put("product", value(e.productId()));
          r.put("description", e.description());
          r.put("tags", e.tags());
          r.put("tagText", String.join(" ", e.tags()));
          r.put("classification", e.classification().name());
          r.put("outputPort", e.outputPort());
        });
    on(
        StewardAssignedEvent.class,
        """
        MATCH (p:DataProduct {id: row.product})
        USING INDEX SEEK p:DataProduct(id)
        OPTIONAL MATCH (:Person)-[old:STEWARDS]->(p) WHERE old.until IS NULL
        SET old.until = row.time, old.untilPosition = row.pos
        WITH DISTINCT p, row
        MERGE (s:Person {id: row.steward})
        CREATE (s)-[:STEWARDS {since: row.time, sincePosition: row.pos, assignedBy: row.actor}]->(p)
        """,
        (e, r) -> {
          r.put("product", value(e.productId()));
          r.put("steward", value(e.steward()));
        });
    on(
        DataProductDeprecatedEvent.class,
        """
        MATCH (p:DataProduct {id: row.product})
        USING INDEX SEEK p:DataProduct(id)
        SET p.lifecycle = 'DEPRECATED', p.sunsetDate = row.sunsetDate,
            p.replacement = row.replacement, p.deprecatedAt = row.time
        WITH p, row WHERE row.replacement IS NOT NULL
        MERGE (r:DataProduct {id: row.replacement})
        MERGE (p)-[:REPLACED_BY]->(r)
        """,
        (e, r) -> {
          r.put("product", value(e.productId()));
          r.put("sunsetDate", e.sunsetDate().toString());
          r.put("replacement", value(e.replacement()));
        });
    on(
        DataProductRetiredEvent.class,
        """
        MATCH (p:DataProduct {id: row.product})
        USING INDEX SEEK p:DataProduct(id)
        SET p.lifecycle = 'RETIRED', p.retiredAt = row.time
        """,
        (e, r) -> r.put("product", value(e.productId())));

    // ownership transfers
    on(
        OwnershipTransferRequestedEvent.class,
        """
        MATCH (p:DataProduct {id: row.product})
        USING INDEX SEEK p:DataProduct(id)
        MERGE (from:Team {id: row.fromTeam})
        MERGE (to:Team {id: row.toTeam})
        CREATE (x:OwnershipTransfer {key: row.product + '/' + row.transfer + '@' + row.pos,
                id: row.transfer,
                status: 'REQUESTED', reason: row.reason,
                requestedBy: row.requestedBy, requestedAt: row.time, requestPosition: row.pos,
                expiresAt: row.expiresAt})
        CREATE (x)-[:OF]->(p), (x)-[:FROM]->(from), (x)-[:TO]->(to)
        """,
        (e, r) -> {
          r.put("product", value(e.productId()));
          r.put("transfer", value(e.transferId()));
          r.put("fromTeam", value(e.fromTeam()));
          r.put("toTeam", value(e.toTeam()));
          r.put("requestedBy", value(e.requestedBy()));
          r.put("reason", e.reason());
          r.put("expiresAt", e.expiresAt().toEpochMilli());
        });
    on(
        OwnershipTransferAcceptedEvent.class,
        """
        MATCH (p:DataProduct {id: row.product})
        USING INDEX SEEK p:DataProduct(id)
        OPTIONAL MATCH (p)<-[:OF]-(x:OwnershipTransfer {id: row.transfer, status: 'REQUESTED'})
        SET x.status = 'ACCEPTED', x.endedAt = row.time, x.endedBy = row.acceptedBy
        WITH p, row
        OPTIONAL MATCH (:Team)-[old:OWNS]->(p) WHERE old.until IS NULL
        SET old.until = row.time, old.untilPosition = row.pos
        WITH DISTINCT p, row
        MERGE (to:Team {id: row.toTeam})
        CREATE (to)-[:OWNS {since: row.time, sincePosition: row.pos, transferId: row.transfer,
                requestedBy: row.requestedBy, approvedBy: row.acceptedBy}]->(p)
        """,
        (e, r) -> {
          r.put("product", value(e.productId()));
          r.put("transfer", value(e.transferId()));
          r.put("toTeam", value(e.toTeam()));
          r.put("requestedBy", value(e.requestedBy()));
          r.put("acceptedBy", value(e.acceptedBy()));
        });
    String endTransfer =
        """
        MATCH (p:DataProduct {id: row.product})<-[:OF]-(x:OwnershipTransfer {id: row.transfer})
        USING INDEX SEEK p:DataProduct(id)
        WHERE x.status = 'REQUESTED'
        SET x.status = row.status, x.endedAt = row.time, x.endedBy = row.endedBy
        """;
    on(
        OwnershipTransferRejectedEvent.class,
        endTransfer,
        (e, r) -> endTransfer(r, e, e.transferId(), "REJECTED", value(e.rejectedBy())));
    on(
        OwnershipTransferCancelledEvent.class,
        endTransfer,
        (e, r) -> endTransfer(r, e, e.transferId(), "CANCELLED", value(e.cancelledBy())));
    on(
        OwnershipTransferExpiredEvent.class,
        endTransfer,
        (e, r) -> endTransfer(r, e, e.transferId(), "EXPIRED", null));

    // schemas and their fields: a product's fields as of a time are those of its schema version
    // in force then, so the product keeps no field edges of its own (decision 78); a field node
    // keeps its name, its type and optionality are on the version's edge
    on(
        SchemaVersionPublishedEvent.class,
        """
        MATCH (p:DataProduct {id: row.product})
        USING INDEX SEEK p:DataProduct(id)
        CREATE (v:SchemaVersion {id: row.product + '@' + row.version, productId: row.product,
                version: row.version, schema: row.schema, checkedUnder: row.checkedUnder,
                publishedAt: row.time, publishedBy: row.actor, position: row.pos})
        CREATE (p)-[:HAS_SCHEMA]->(v)
        SET p.latestSchemaVersion = row.version
        WITH v, row
        UNWIND row.fields AS field
        MERGE (f:Field {id: row.product + '#' + field.name})
        ON CREATE SET f.productId = row.product, f.name = field.name
        CREATE (v)-[:HAS_FIELD {type: field.type, optional: field.optional}]->(f)
        """,
        (e, r) -> {
          r.put("product", value(e.productId()));
          r.put("version", (long) e.version());
          r.put("schema", e.avroSchema());
          r.put("checkedUnder", e.checkedUnder().name());
          r.put(
              "fields",
              e.fields().stream()
                  .map(
                      (SchemaField f) ->
                          Map.<String, Object>of(
                              "name", f.name(), "type", f.type(), "optional", f.optional()))
                  .toList());
        });
    // service-level agreements, a node per version: which one is in force is a question of time
    on(
        ServiceLevelAgreementPublishedEvent.class,
        """
        MATCH (p:DataProduct {id: row.product})
        USING INDEX SEEK p:DataProduct(id)
        CREATE (a:ServiceLevelAgreement {id: row.product + '@sla' + row.version,
                productId: row.product, version: row.version, freshness: row.freshness,
                availability: row.availability, supportHours: row.supportHours,
                contact: row.contact, retentionDays: row.retentionDays,
                noticeDays: row.noticeDays, extraTerms: row.extraTerms,
                effectiveFrom: row.effectiveFrom, publishedAt: row.time, publishedBy: row.actor,
                position: row.pos, weakenedTerms: row.weakenedTerms, noticeTo: row.noticeTo})
        CREATE (p)-[:HAS_SLA]->(a)
        SET p.latestSlaVersion = row.version
        """,
        (e, r) -> {
          r.put("product", value(e.productId()));
          r.put("version", (long) e.version());
          r.put("freshness", e.sla().freshness());
          r.put("availability", e.sla().availability());
          r.put("supportHours", e.sla().supportHours());
          r.put("contact", e.sla().contact());
          r.put("retentionDays", (long) e.sla().retentionDays());
          r.put("noticeDays", (long) e.sla().noticeDays());
          r.put("extraTerms", e.sla().extraTerms());
          r.put("effectiveFrom", e.effectiveFrom().toEpochMilli());
          r.put("weakenedTerms", e.weakenedTerms());
          r.put("noticeTo", e.noticeTo().stream().map(EventStatements::value).toList());
        });
    on(
        CompatibilityModeChangedEvent.class,
        """
        MATCH (p:DataProduct {id: row.product})
        USING INDEX SEEK p:DataProduct(id)
        SET p.compatibilityMode = row.mode
        """,
        (e, r) -> {
          r.put("product", value(e.productId()));
          r.put("mode", e.compatibilityMode().name());
        });

    // lineage: product edges and field edges, closed instead of deleted
    on(
        UpstreamDeclaredEvent.class,
        """
        MATCH (d:DataProduct {id: row.product})
        USING INDEX SEEK d:DataProduct(id)
        MERGE (u:DataProduct {id: row.upstream})
        WITH d, u, row
        CALL (d, u, row) {
          WITH d, u, row
          WHERE NOT EXISTS { MATCH (u)-[open:FEEDS]->(d) WHERE open.until IS NULL }
          CREATE (u)-[:FEEDS {since: row.time, sincePosition: row.pos, declaredBy: row.actor}]->(d)
        }
        WITH d, u, row
        OPTIONAL MATCH (:Field)-[old:FEEDS]->(target:Field {productId: row.product})
        USING INDEX SEEK target:Field(productId)
        WHERE old.via = row.via AND old.until IS NULL
        SET old.until = row.time, old.untilPosition = row.pos
        WITH DISTINCT d, u, row
        UNWIND row.mappings AS m
        MERGE (out:Field {id: row.product + '#' + m.output})
        ON CREATE SET out.productId = row.product, out.name = m.output
        MERGE (in:Field {id: row.upstream + '#' + m.input})
        ON CREATE SET in.productId = row.upstream, in.name = m.input
        CREATE (in)-[:FEEDS {since: row.time, sincePosition: row.pos, via: row.via,
                transformation: m.transformation}]->(out)
        """,
        (e, r) -> {
          r.put("product", value(e.productId()));
          r.put("upstream", value(e.upstream()));
          r.put("via", e.upstream() + ">" + e.productId());
          r.put("mappings", mappings(e.fieldMappings()));
        });
    on(
        UpstreamRemovedEvent.class,
        """
        MATCH (u:DataProduct {id: row.upstream})-[f:FEEDS]->(d:DataProduct {id: row.product})
        USING INDEX SEEK d:DataProduct(id)
        WHERE f.until IS NULL
        SET f.until = row.time, f.untilPosition = row.pos
        WITH DISTINCT row
        OPTIONAL MATCH (:Field)-[old:FEEDS]->(target:Field {productId: row.product})
        USING INDEX SEEK target:Field(productId)
        WHERE old.via = row.via AND old.until IS NULL
        SET old.until = row.time, old.untilPosition = row.pos
        """,
        (e, r) -> {
          r.put("product", value(e.productId()));
          r.put("upstream", value(e.upstream()));
          r.put("via", e.upstream() + ">" + e.productId());
        });

    // datasets bound to products (OpenLineage naming), with history on the edge
    on(
        io.meshgov.api.product.DataProductEvent.DatasetBoundEvent.class,
        """
        MERGE (d:Dataset {id: row.dataset})
        ON CREATE SET d.namespace = row.namespace, d.name = row.name,
                      d.searchText = row.searchText
        SET d.firstSeen = CASE WHEN d.firstSeen IS NULL OR d.firstSeen > row.time
                               THEN row.time ELSE d.firstSeen END
        WITH d, row
        MERGE (p:DataProduct {id: row.product})
        CREATE (p)-[:PUBLISHES {since: row.time, sincePosition: row.pos, boundBy: row.actor}]->(d)
        """,
        (e, r) -> dataset(r, e.productId(), e.namespace(), e.name()));
    on(
        io.meshgov.api.product.DataProductEvent.DatasetUnboundEvent.class,
        """
        MATCH (p:DataProduct {id: row.product})-[b:PUBLISHES]->(ds:Dataset {id: row.dataset})
        USING INDEX SEEK p:DataProduct(id)
        WHERE b.until IS NULL
        SET b.until = row.time, b.untilPosition = row.pos, b.unboundBy = row.actor
        """,
        (e, r) -> dataset(r, e.productId(), e.namespace(), e.name()));

    // subscriptions
    on(
        SubscriptionRequestedEvent.class,
        """
        MERGE (p:DataProduct {id: row.product})
        MERGE (t:Team {id: row.team})
        CREATE (s:Subscription {id: row.subscription, status: 'PENDING', purpose: row.purpose,
                fieldsUsed: row.fields, requestedBy: row.requestedBy, requestedAt: row.time,
                requestPosition: row.pos, slaVersion: row.slaVersion})
        CREATE (s)-[:BY]->(t), (s)-[:TO]->(p)
        WITH s, row
        CALL (s, row) {
          WITH s, row WHERE row.consumingProduct IS NOT NULL
          MERGE (c:DataProduct {id: row.consumingProduct})
          CREATE (s)-[:FOR]->(c)
        }
        WITH s, row
        UNWIND row.fields AS name
        MERGE (f:Field {id: row.product + '#' + name})
        ON CREATE SET f.productId = row.product, f.name = name
        CREATE (s)-[:USES]->(f)
        """,
        (e, r) -> {
          r.put("subscription", value(e.subscriptionId()));
          r.put("product", value(e.product()));
          r.put("team", value(e.consumerTeam()));
          r.put("consumingProduct", value(e.consumingProduct()));
          r.put("purpose", e.purpose());
          r.put("fields", e.fieldsUsed());
          r.put("requestedBy", value(e.requestedBy()));
          r.put("slaVersion", e.slaVersion() == null ? null : (long) e.slaVersion());
        });
    on(
        SubscriptionApprovedEvent.class,
        """
        MATCH (s:Subscription {id: row.subscription})-[:TO]->(p:DataProduct),
              (s)-[:BY]->(t:Team)
        USING INDEX SEEK s:Subscription(id)
        SET s.status = 'APPROVED', s.approvedBy = row.approvedBy, s.approvedAt = row.time
        CREATE (t)-[:SUBSCRIBES_TO {subscriptionId: row.subscription, since: row.time,
                sincePosition: row.pos}]->(p)
        """,
        (e, r) -> {
          r.put("subscription", value(e.subscriptionId()));
          r.put("approvedBy", value(e.approvedBy()));
        });
    String endSubscription =
        """
        MATCH (s:Subscription {id: row.subscription})-[:TO]->(p:DataProduct)
        USING INDEX SEEK s:Subscription(id)
        SET s.status = row.status, s.endedAt = row.time, s.endedBy = row.endedBy
        WITH row, p
        OPTIONAL MATCH (:Team)-[sub:SUBSCRIBES_TO]->(p)
        WHERE sub.subscriptionId = row.subscription AND sub.until IS NULL
        SET sub.until = row.time, sub.untilPosition = row.pos
        """;
    on(
        SubscriptionRejectedEvent.class,
        endSubscription,
        (e, r) -> endSubscription(r, e.subscriptionId(), "REJECTED", value(e.rejectedBy())));
    on(
        SubscriptionCancelledEvent.class,
        endSubscription,
        (e, r) -> endSubscription(r, e.subscriptionId(), "CANCELLED", value(e.cancelledBy())));
    on(
        SubscriptionRevokedEvent.class,
        endSubscription,
        (e, r) -> endSubscription(r, e.subscriptionId(), "REVOKED", value(e.revokedBy())));
  }

  /**
   * Transfer ids are chosen by clients: a request's node is keyed by product, id and position, and
   * the end of a transfer closes the open request of that id on that product.
   */
  private static void endTransfer(
      Map<String, Object> row, DataProductEvent event, Object transfer, String status, String by) {
    row.put("product", value(event.productId()));
    row.put("transfer", value(transfer));
    row.put("status", status);
    row.put("endedBy", by);
  }

  static String words(String text) {
    return text.replaceAll("[^\\p{L}\\p{N}]+", " ").trim();
  }

  private static void dataset(
      Map<String, Object> row, Object product, String namespace, String name) {
    row.put("product", value(product));
    row.put("namespace", namespace);
    row.put("name", name);
    row.put("dataset", io.meshgov.api.DatasetName.of(namespace, name).key());
    // the words of both, for search: names join words with dots, slashes, dashes...
    row.put("searchText", words(namespace + " " + name));
  }

  private static void endSubscription(
      Map<String, Object> row, Object subscription, String status, String by) {
    row.put("subscription", value(subscription));
    row.put("status", status);
    row.put("endedBy", by);
  }

  private static List<Map<String, Object>> mappings(List<FieldMapping> mappings) {
    return mappings.stream()
        .flatMap(
            m ->
                m.inputFields().stream()
                    .map(
                        input -> {
                          Map<String, Object> row = new HashMap<>();
                          row.put("output", m.outputField());
                          row.put("input", input);
                          row.put("transformation", m.transformation());
                          return row;
                        }))
        .toList();
  }
}
