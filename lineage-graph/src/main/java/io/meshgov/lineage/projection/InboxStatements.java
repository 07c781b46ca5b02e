package io.meshgov.lineage.projection;

import io.meshgov.api.product.DataProductEvent.DataProductDeprecatedEvent;
import io.meshgov.api.product.DataProductEvent.DataProductRetiredEvent;
import io.meshgov.api.product.DataProductEvent.OwnershipTransferAcceptedEvent;
import io.meshgov.api.product.DataProductEvent.OwnershipTransferCancelledEvent;
import io.meshgov.api.product.DataProductEvent.OwnershipTransferExpiredEvent;
import io.meshgov.api.product.DataProductEvent.OwnershipTransferRejectedEvent;
import io.meshgov.api.product.DataProductEvent.OwnershipTransferRequestedEvent;
import io.meshgov.api.product.DataProductEvent.SchemaVersionPublishedEvent;
import io.meshgov.api.product.DataProductEvent.ServiceLevelAgreementPublishedEvent;
import io.meshgov.api.subscription.SubscriptionEvent.SubscriptionApprovedEvent;
import io.meshgov.api.subscription.SubscriptionEvent.SubscriptionRejectedEvent;
import io.meshgov.api.subscription.SubscriptionEvent.SubscriptionRequestedEvent;
import io.meshgov.api.wire.GovernanceEvent;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Who is told what: for the event types that concern someone, statements that put an item into the
 * inbox of each person concerned ({@code InboxItem} nodes). They run after the batch's graph
 * statements and ask who was concerned <em>at the event's position</em> (memberships, ownership,
 * stewardship and subscriptions carry the positions they started and ended at), so a rebuild, or
 * any cut of the feed into batches, gives everyone the same items. An item's id is the event's
 * position, its kind and the person: applying an event twice adds nothing. Whether an item was read
 * is kept apart ({@code InboxRead}, written by {@code markRead}) and survives a rebuild. Nobody is
 * told of what they did themselves.
 */
final class InboxStatements {

  /** What an item is about. */
  enum Kind {
    /** An ownership transfer waits for my team to accept or reject it. */
    TRANSFER_WAITING,
    /** A transfer I requested was accepted, rejected, cancelled by someone else, or expired. */
    TRANSFER_DECIDED,
    /** A team asks to read a product I own or steward. */
    SUBSCRIPTION_REQUESTED,
    /** My subscription request was approved or rejected. */
    SUBSCRIPTION_DECIDED,
    /** A product my team owns gained a subscriber. */
    NEW_SUBSCRIBER,
    /**
     * A product my team subscribes to was deprecated or retired, or changed its schema in fields my
     * subscription reads, or its service-level agreement.
     */
    UPSTREAM_CHANGED
  }

  /**
   * One statement: {@code cypher} delivers the items and returns them, for the live updates; {@code
   * quietCypher} delivers the same items and returns nothing, for a replay nobody is told of (a
   * rebuild): the items would only cross the wire to be thrown away.
   */
  record Statement(
      String cypher, String quietCypher, BiConsumer<GovernanceEvent, Map<String, Object>> row) {}

  private static final Map<Class<?>, List<Statement>> STATEMENTS = new HashMap<>();

  /** A relationship that held at the row's position: started at or before, not ended by then. */
  private static String heldAt(String r) {
    return r
        + ".sincePosition <= row.pos AND ("
        + r
        + ".untilPosition IS NULL OR "
        + r
        + ".untilPosition > row.pos)";
  }

  /**
   * Members of team {@code t} (a variable bound before) at the row's position, as {@code person}.
   */
  private static String membersOf(String t) {
    return membersOf(t, "");
  }

  /**
   * Members at the row's position, as {@code person}, of the team {@code pattern} names, found as
   * {@code hint} says (a {@code USING} clause, or nothing).
   */
  private static String membersOf(String pattern, String hint) {
    return "MATCH (person:Person)-[m:MEMBER_OF]->("
        + pattern
        + ")\n"
        + hint
        + "WHERE "
        + heldAt("m")
        + "\n";
  }

  /** Delivers one item per distinct {@code recipient} (a person id) of the row; returns nothing. */
  private static final String DELIVER_QUIETLY =
      """
      WITH DISTINCT recipient, row WHERE recipient IS NOT NULL AND recipient <> coalesce(row.actor, '')
      WITH recipient, row, toString(row.pos) + ':' + row.kind + ':' + recipient AS itemId
      OPTIONAL MATCH (mark:InboxRead {id: itemId}) USING INDEX SEEK mark:InboxRead(id)
      WITH recipient, row, itemId, mark IS NOT NULL AS wasRead
      MERGE (i:InboxItem {id: itemId})
      ON CREATE SET i.person = recipient, i.kind = row.kind, i.message = row.message,
                    i.product = row.product, i.subscription = row.subscription,
                    i.transfer = row.transfer, i.team = row.team, i.actor = row.actor,
                    i.time = row.time, i.position = row.pos,
                    i.read = wasRead
      """;

  /** As {@link #DELIVER_QUIETLY}, and returns each item delivered. */
  private static final String DELIVER = DELIVER_QUIETLY + "RETURN i {.*} AS item\n";

  private InboxStatements() {}

  static List<Statement> of(Class<?> eventType) {
    return STATEMENTS.getOrDefault(eventType, List.of());
  }

  /** The rows of the events that concern someone, by statement. */
  static Map<Statement, List<Map<String, Object>>> rows(List<GovernanceEvent> events) {
    Map<Statement, List<Map<String, Object>>> rows = new java.util.LinkedHashMap<>();
    for (GovernanceEvent event : events) {
      for (Statement statement : of(event.payload().getClass())) {
        Map<String, Object> row = new HashMap<>();
        row.put("pos", event.position());
        row.put("time", event.time().toEpochMilli());
        row.put("actor", event.actor());
        for (String key : List.of("product", "subscription", "transfer", "team")) {
          row.put(key, null);
        }
        statement.row().accept(event, row);
        rows.computeIfAbsent(statement, s -> new ArrayList<>()).add(row);
      }
    }
    return rows;
  }

  @SuppressWarnings("unchecked")
  private static <E> void on(
      Class<E> type, Kind kind, String match, BiConsumer<E, Map<String, Object>> row) {
    STATEMENTS
        .computeIfAbsent(type, t -> new ArrayList<>())
        .add(
            new Statement(
                "UNWIND $rows AS row\n" + match + DELIVER,
                "UNWIND $rows AS row\n" + match + DELIVER_QUIETLY,
                (event, map) -> {
                  map.put("kind", kind.name());
                  row.accept((E) event.payload(), map);
                }));
  }

  private static String value(Object id) {
    return id == null ? null : id.toString();
  }

  static {
    on(
        OwnershipTransferRequestedEvent.class,
        Kind.TRANSFER_WAITING,
        membersOf("t:Team {id: row.team}", "USING INDEX SEEK t:Team(id)\n")
            + "WITH person.id AS recipient, row\n",
        (e, r) -> {
          r.put("product", value(e.productId()));
          r.put("transfer", value(e.transferId()));
          r.put("team", value(e.toTeam()));
          r.put(
              "message",
              e.requestedBy()
                  + " asks team "
                  + e.toTeam()
                  + " to take over "
                  + e.productId()
                  + " from "
                  + e.fromTeam()
                  + " (until "
                  + e.expiresAt()
                  + "): "
                  + e.reason());
        });

    String requester =
        """
        MATCH (p:DataProduct {id: row.product})<-[:OF]-(x:OwnershipTransfer {id: row.transfer})
        USING INDEX SEEK p:DataProduct(id)
        WHERE x.requestPosition <= row.pos
        WITH row, x ORDER BY x.requestPosition DESC
        WITH row, collect(x)[0] AS x
        WITH x.requestedBy AS recipient, row
        """;
    on(
        OwnershipTransferAcceptedEvent.class,
        Kind.TRANSFER_DECIDED,
        "WITH row.requestedBy AS recipient, row\n",
        (e, r) -> {
          transfer(r, e.productId(), e.transferId(), e.toTeam());
          r.put("requestedBy", value(e.requestedBy()));
          r.put(
              "message",
              e.acceptedBy() + " accepted: team " + e.toTeam() + " now owns " + e.productId());
        });
    on(
        OwnershipTransferRejectedEvent.class,
        Kind.TRANSFER_DECIDED,
        requester,
        (e, r) -> {
          transfer(r, e.productId(), e.transferId(), e.toTeam());
          r.put(
              "message",
              e.rejectedBy() + " rejected the transfer of " + e.productId() + " to " + e.toTeam());
        });
    on(
        OwnershipTransferCancelledEvent.class,
        Kind.TRANSFER_DECIDED,
        requester,
        (e, r) -> {
          transfer(r, e.productId(), e.transferId(), e.toTeam());
          r.put(
              "message",
              e.cancelledBy()
                  + " cancelled the transfer of "
                  + e.productId()
                  + " to "
                  + e.toTeam());
        });
    on(
        OwnershipTransferExpiredEvent.class,
        Kind.TRANSFER_DECIDED,
        requester,
        (e, r) -> {
          transfer(r, e.productId(), e.transferId(), e.toTeam());
          r.put(
              "message",
              "the transfer of "
                  + e.productId()
                  + " to "
                  + e.toTeam()
                  + " expired unanswered at "
                  + e.expiredAt());
        });

    on(
        SubscriptionRequestedEvent.class,
        Kind.SUBSCRIPTION_REQUESTED,
        """
        MATCH (p:DataProduct {id: row.product})
        USING INDEX SEEK p:DataProduct(id)
        CALL (p, row) {
          MATCH (person:Person)-[m:MEMBER_OF]->(:Team)-[o:OWNS]->(p)
          WHERE %s AND %s
          RETURN person.id AS recipient
          UNION
          MATCH (person:Person)-[w:STEWARDS]->(p) WHERE %s
          RETURN person.id AS recipient
        }
        """
            .formatted(heldAt("m"), heldAt("o"), heldAt("w")),
        (e, r) -> {
          r.put("product", value(e.product()));
          r.put("subscription", value(e.subscriptionId()));
          r.put("team", value(e.consumerTeam()));
          r.put(
              "message",
              e.requestedBy()
                  + " of team "
                  + e.consumerTeam()
                  + " asks to read "
                  + e.product()
                  + (e.fieldsUsed().isEmpty() ? "" : " " + e.fieldsUsed())
                  + ": "
                  + e.purpose());
        });
    on(
        SubscriptionApprovedEvent.class,
        Kind.NEW_SUBSCRIBER,
        """
        MATCH (p:DataProduct {id: row.product})<-[o:OWNS]-(t:Team)
        USING INDEX SEEK p:DataProduct(id)
        WHERE %s
        %sWITH person.id AS recipient, row
        """
            .formatted(heldAt("o"), membersOf("t")),
        (e, r) -> {
          subscription(r, e.product(), e.subscriptionId(), e.consumerTeam());
          r.put(
              "message",
              "team "
                  + e.consumerTeam()
                  + " now reads "
                  + e.product()
                  + " (approved by "
                  + e.approvedBy()
                  + ")");
        });
    String subscriber =
        """
        MATCH (s:Subscription {id: row.subscription})
        USING INDEX SEEK s:Subscription(id)
        WITH s.requestedBy AS recipient, row
        """;
    on(
        SubscriptionApprovedEvent.class,
        Kind.SUBSCRIPTION_DECIDED,
        subscriber,
        (e, r) -> {
          subscription(r, e.product(), e.subscriptionId(), e.consumerTeam());
          r.put("message", e.approvedBy() + " approved your subscription to " + e.product());
        });
    on(
        SubscriptionRejectedEvent.class,
        Kind.SUBSCRIPTION_DECIDED,
        subscriber,
        (e, r) -> {
          subscription(r, e.product(), e.subscriptionId(), e.consumerTeam());
          r.put("message", e.rejectedBy() + " rejected your subscription to " + e.product());
        });

    // what happens upstream reaches the members of every team subscribed at the time
    String subscribers =
        """
        MATCH (t:Team)-[sub:SUBSCRIBES_TO]->(p:DataProduct {id: row.product})
        USING INDEX SEEK p:DataProduct(id)
        WHERE %s
        MATCH (s:Subscription {id: sub.subscriptionId})
        USING INDEX SEEK s:Subscription(id)
        WHERE row.touched IS NULL
           OR (size(row.touched) > 0
               AND (size(coalesce(s.fieldsUsed, [])) = 0
                    OR any(f IN s.fieldsUsed WHERE f IN row.touched)))
        %sWITH person.id AS recipient, row
        """
            .formatted(heldAt("sub"), membersOf("t"));
    on(
        DataProductDeprecatedEvent.class,
        Kind.UPSTREAM_CHANGED,
        subscribers,
        (e, r) -> {
          r.put("product", value(e.productId()));
          r.put("touched", null);
          r.put(
              "message",
              e.productId()
                  + " is deprecated: sunset "
                  + e.sunsetDate()
                  + (e.replacement() == null ? "" : ", replaced by " + e.replacement()));
        });
    on(
        DataProductRetiredEvent.class,
        Kind.UPSTREAM_CHANGED,
        subscribers,
        (e, r) -> {
          r.put("product", value(e.productId()));
          r.put("touched", null);
          r.put("message", e.productId() + " is retired");
        });
    on(
        SchemaVersionPublishedEvent.class,
        Kind.UPSTREAM_CHANGED,
        subscribers,
        (e, r) -> {
          r.put("product", value(e.productId()));
          // events stored before touched fields were recorded: possibly every field
          r.put("touched", e.touchedFields());
          r.put(
              "message",
              e.productId()
                  + " published schema version "
                  + e.version()
                  + (e.touchedFields() == null
                      ? ""
                      : ", changing " + String.join(", ", e.touchedFields())));
        });
    on(
        ServiceLevelAgreementPublishedEvent.class,
        Kind.UPSTREAM_CHANGED,
        subscribers,
        (e, r) -> {
          r.put("product", value(e.productId()));
          r.put("touched", null);
          String date = e.effectiveFrom().atOffset(ZoneOffset.UTC).toLocalDate().toString();
          r.put(
              "message",
              e.productId()
                  + " published service-level agreement version "
                  + e.version()
                  + (e.weakenedTerms().isEmpty()
                      ? ""
                      : ", weaker (" + String.join(", ", e.weakenedTerms()) + ") from " + date));
        });
  }

  private static void transfer(
      Map<String, Object> row, Object product, Object transfer, Object team) {
    row.put("product", value(product));
    row.put("transfer", value(transfer));
    row.put("team", value(team));
  }

  private static void subscription(
      Map<String, Object> row, Object product, Object subscription, Object team) {
    row.put("product", value(product));
    row.put("subscription", value(subscription));
    row.put("team", value(team));
  }
}
