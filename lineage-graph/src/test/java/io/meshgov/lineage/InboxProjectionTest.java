package io.meshgov.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgov.api.DataProductId;
import io.meshgov.api.DomainName;
import io.meshgov.api.PersonId;
import io.meshgov.api.ServiceLevelAgreement;
import io.meshgov.api.SubscriptionId;
import io.meshgov.api.TeamId;
import io.meshgov.api.TeamRole;
import io.meshgov.api.TransferId;
import io.meshgov.api.product.DataProductEvent.DataProductDeprecatedEvent;
import io.meshgov.api.product.DataProductEvent.OwnershipTransferRejectedEvent;
import io.meshgov.api.product.DataProductEvent.OwnershipTransferRequestedEvent;
import io.meshgov.api.product.DataProductEvent.ServiceLevelAgreementPublishedEvent;
import io.meshgov.api.subscription.SubscriptionEvent.SubscriptionApprovedEvent;
import io.meshgov.api.subscription.SubscriptionEvent.SubscriptionRequestedEvent;
import io.meshgov.api.team.TeamEvent.TeamMemberAddedEvent;
import io.meshgov.api.team.TeamEvent.TeamRegisteredEvent;
import io.meshgov.api.wire.GovernanceEvent;
import io.meshgov.lineage.projection.GraphChecksum;
import io.meshgov.lineage.projection.GraphProjector;
import io.meshgov.lineage.query.InboxItem;
import io.meshgov.lineage.query.InboxQueries;
import io.meshgov.lineage.query.Neo4jInboxQueries;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Who is told what: each kind of item reaches the people concerned at the time of the event, and
 * nobody else; batching, rebuilds and read marks do not change that.
 */
class InboxProjectionTest {

  private static final DataProductId SETTLEMENTS = DataProductId.of("payments.settlements");
  private static final TeamId PAYMENTS = TeamId.of("payments-core");
  private static final TeamId FINANCE = TeamId.of("finance");
  private static final SubscriptionId SUB = SubscriptionId.of("sub_close");

  /** alice (lead) and bob own settlements, steve stewards it; fred and fay read it. */
  private static EventLog scenario() {
    EventLog log = new EventLog();
    log.add(new TeamRegisteredEvent(PAYMENTS, "Payments", DomainName.of("payments")));
    log.add(new TeamMemberAddedEvent(PAYMENTS, PersonId.of("alice"), TeamRole.LEAD));
    log.add(new TeamMemberAddedEvent(PAYMENTS, PersonId.of("bob"), TeamRole.MEMBER));
    log.add(new TeamRegisteredEvent(FINANCE, "Finance", DomainName.of("finance")), "fred");
    log.add(new TeamMemberAddedEvent(FINANCE, PersonId.of("fred"), TeamRole.LEAD), "fred");
    log.add(new TeamMemberAddedEvent(FINANCE, PersonId.of("fay"), TeamRole.MEMBER), "fred");
    log.add(MeshScenario.product(SETTLEMENTS, PAYMENTS, "steve", "settled"));
    log.add(MeshScenario.schema(SETTLEMENTS, 1, "id", "amount", "fee"));
    log.add(
        new SubscriptionRequestedEvent(
            SUB, SETTLEMENTS, FINANCE, null, "close", List.of("amount"), PersonId.of("fred"), null),
        "fred");
    log.add(
        new SubscriptionApprovedEvent(
            SUB, SETTLEMENTS, FINANCE, List.of("amount"), PersonId.of("alice")));
    // touches a field the subscription does not read: nobody in finance is told
    log.add(schema(2, List.of("fee")));
    // gil joins finance now: he hears of what comes later, not of what came before
    log.add(new TeamMemberAddedEvent(FINANCE, PersonId.of("gil"), TeamRole.MEMBER), "fred");
    log.add(schema(3, List.of("amount")));
    log.add(
        new ServiceLevelAgreementPublishedEvent(
            SETTLEMENTS,
            2,
            new ServiceLevelAgreement("PT1H", 99, "24/7", "#p", 30, 30, List.of()),
            EventLog.START.plusSeconds(86_400 * 40),
            List.of("freshness PT15M -> PT1H"),
            List.of(SUB)));
    log.add(
        new OwnershipTransferRequestedEvent(
            SETTLEMENTS,
            TransferId.of("trf_1"),
            PAYMENTS,
            FINANCE,
            PersonId.of("alice"),
            "finance runs it now",
            EventLog.START.plusSeconds(86_400 * 7)));
    log.add(
        new OwnershipTransferRejectedEvent(
            SETTLEMENTS, TransferId.of("trf_1"), FINANCE, PersonId.of("fred")),
        "fred");
    log.add(new DataProductDeprecatedEvent(SETTLEMENTS, LocalDate.of(2027, 1, 1), null));
    return log;
  }

  private static io.meshgov.api.product.DataProductEvent.SchemaVersionPublishedEvent schema(
      int version, List<String> touched) {
    var plain = MeshScenario.schema(SETTLEMENTS, version, "id", "amount", "fee");
    return new io.meshgov.api.product.DataProductEvent.SchemaVersionPublishedEvent(
        SETTLEMENTS, version, plain.avroSchema(), plain.fields(), plain.checkedUnder(), touched);
  }

  private static Map<String, List<String>> kindsByPerson(InboxQueries inbox, String... people) {
    Map<String, List<String>> kinds = new java.util.TreeMap<>();
    for (String person : people) {
      kinds.put(
          person,
          inbox.inbox(person, null, 100, false).stream()
              .map(InboxItem::kind)
              .collect(Collectors.toList()));
    }
    return kinds;
  }

  @Test
  void each_person_concerned_is_told_once_and_nobody_of_what_they_did() {
    var driver = Neo4jTestServer.freshGraph();
    List<GraphProjector.Applied> heard = new ArrayList<>();
    new GraphProjector(driver, heard::add).apply(scenario().events());
    var inbox = new Neo4jInboxQueries(driver);

    // newest first
    assertThat(kindsByPerson(inbox, "alice", "bob", "steve", "fred", "fay", "gil"))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "alice", List.of("TRANSFER_DECIDED", "SUBSCRIPTION_REQUESTED"),
                "bob", List.of("NEW_SUBSCRIBER", "SUBSCRIPTION_REQUESTED"),
                "steve", List.of("SUBSCRIPTION_REQUESTED"),
                "fred",
                    List.of(
                        "UPSTREAM_CHANGED",
                        "TRANSFER_WAITING",
                        "UPSTREAM_CHANGED",
                        "UPSTREAM_CHANGED",
                        "SUBSCRIPTION_DECIDED"),
                "fay",
                    List.of(
                        "UPSTREAM_CHANGED",
                        "TRANSFER_WAITING",
                        "UPSTREAM_CHANGED",
                        "UPSTREAM_CHANGED"),
                "gil",
                    List.of(
                        "UPSTREAM_CHANGED",
                        "TRANSFER_WAITING",
                        "UPSTREAM_CHANGED",
                        "UPSTREAM_CHANGED")));
    InboxItem weaker = inbox.inbox("fay", null, 10, false).get(2);
    assertThat(weaker.message()).contains("weaker", "freshness PT15M -> PT1H");
    assertThat(weaker.subscription()).isNull();
    assertThat(weaker.product()).isEqualTo(SETTLEMENTS.value());
    assertThat(inbox.unreadCount("fred")).isEqualTo(5);
    // the listener hears the commit's events and every item they created, as stored
    assertThat(heard).hasSize(1);
    assertThat(heard.get(0).events()).hasSize(scenario().events().size());
    long request = heard.get(0).events().get(8).position();
    assertThat(
            heard.get(0).inboxItems().stream()
                .map(InboxItem::of)
                .filter(i -> i.position() == request))
        .extracting(InboxItem::person)
        .containsExactlyInAnyOrder("alice", "bob", "steve");
    assertThat(heard.get(0).inboxItems().stream().map(InboxItem::of))
        .containsExactlyInAnyOrderElementsOf(
            List.of("alice", "bob", "steve", "fred", "fay", "gil").stream()
                .flatMap(p -> inbox.inbox(p, null, 100, false).stream())
                .toList());

    // a rebuild replays history without telling anyone, and delivers the same items (its
    // statements return none of them)
    List<String> people = List.of("alice", "bob", "steve", "fred", "fay", "gil");
    List<InboxItem> told =
        people.stream().flatMap(p -> inbox.inbox(p, null, 100, false).stream()).toList();
    assertThat(told).hasSize(18); // the kinds by person above
    String toldGraph = GraphChecksum.of(driver);
    heard.clear();
    var quietGraph = Neo4jTestServer.freshGraph(); // the same server, emptied
    var quiet = new GraphProjector(quietGraph, heard::add);
    assertThat(quiet.deliverInbox(quiet.applyLeavingInbox(scenario().events()).inboxDue()))
        .isZero();
    assertThat(heard).isEmpty();
    var quietInbox = new Neo4jInboxQueries(quietGraph);
    assertThat(people.stream().flatMap(p -> quietInbox.inbox(p, null, 100, false).stream()))
        .containsExactlyElementsOf(told);
    assertThat(GraphChecksum.of(quietGraph)).isEqualTo(toldGraph);
  }

  @Test
  void event_by_event_gives_the_same_inbox_as_one_batch_and_read_marks_survive_a_rebuild() {
    var driver = Neo4jTestServer.freshGraph();
    var projector = new GraphProjector(driver);
    for (GovernanceEvent event : scenario().events()) {
      projector.apply(List.of(event));
    }
    String oneByOne = GraphChecksum.of(driver);
    var inbox = new Neo4jInboxQueries(driver);
    List<InboxItem> fred = inbox.inbox("fred", null, 100, false);
    assertThat(inbox.markRead("fred", List.of(fred.get(0).id(), fred.get(1).id()))).isEqualTo(2);
    // somebody else's item is not theirs to mark
    assertThat(inbox.markRead("fay", List.of(fred.get(2).id()))).isZero();
    assertThat(inbox.unreadCount("fred")).isEqualTo(3);
    assertThat(inbox.inbox("fred", null, 100, true)).hasSize(3);

    projector.dropAll();
    projector.apply(scenario().events());
    assertThat(inbox.unreadCount("fred")).isEqualTo(3);
    assertThat(inbox.inbox("fred", null, 100, false).get(0).read()).isTrue();
    projector.dropAll();
    var fresh = Neo4jTestServer.freshGraph();
    new GraphProjector(fresh).apply(scenario().events());
    assertThat(GraphChecksum.of(fresh)).isEqualTo(oneByOne);

    assertThat(new Neo4jInboxQueries(fresh).markAllRead("fred")).isEqualTo(5);
  }

  @Test
  void items_delivered_after_the_whole_history_is_written_are_the_items_told_at_the_time() {
    // each event's items told at the time: asked for right after the event, before what follows
    var told = Neo4jTestServer.freshGraph();
    var atTheTime = new GraphProjector(told);
    for (GovernanceEvent event : scenario().events()) {
      atTheTime.apply(List.of(event));
    }
    String toldGraph = GraphChecksum.of(told);

    // a rebuild delivers a batch's items beside later batches; here at the latest possible time:
    // every event applied on its own without its items, then the items asked for, newest first,
    // of a graph that already holds the whole history (gil's later membership, the transfer...)
    var graph = Neo4jTestServer.freshGraph(); // the same server, emptied
    var projector = new GraphProjector(graph);
    List<List<GovernanceEvent>> due = new ArrayList<>();
    for (GovernanceEvent event : scenario().events()) {
      due.add(projector.applyLeavingInbox(List.of(event)).inboxDue());
    }
    assertThat(new Neo4jInboxQueries(graph).inbox("fred", null, 100, false)).isEmpty();
    java.util.Collections.reverse(due);
    for (List<GovernanceEvent> events : due) {
      assertThat(projector.deliverInbox(events)).isZero();
    }
    assertThat(GraphChecksum.of(graph)).isEqualTo(toldGraph);
  }

  @Test
  void a_batch_applied_again_still_hands_over_the_items_due() {
    var projector = new GraphProjector(Neo4jTestServer.freshGraph());
    var first = projector.applyLeavingInbox(scenario().events());
    // as when a transaction is retried after a commit whose answer was lost: all are repeats, and
    // their items, which the lost attempt did not deliver, are still due
    var again = projector.applyLeavingInbox(scenario().events());
    assertThat(again.result().applied()).isZero();
    assertThat(again.inboxDue()).isNotEmpty().isEqualTo(first.inboxDue());
  }

  @Test
  void pages_follow_each_other_without_gaps_or_repeats() {
    var driver = Neo4jTestServer.freshGraph();
    new GraphProjector(driver).apply(scenario().events());
    var inbox = new Neo4jInboxQueries(driver);
    List<InboxItem> all = inbox.inbox("fred", null, 100, false);
    List<InboxItem> paged = new ArrayList<>();
    InboxQueries.Cursor after = null;
    while (true) {
      List<InboxItem> page = inbox.inbox("fred", after, 2, false);
      if (page.isEmpty()) {
        break;
      }
      paged.addAll(page);
      InboxItem last = page.get(page.size() - 1);
      after = new InboxQueries.Cursor(last.position(), last.id());
    }
    assertThat(paged).containsExactlyElementsOf(all);
  }
}
