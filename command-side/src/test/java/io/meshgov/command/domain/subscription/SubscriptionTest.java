package io.meshgov.command.domain.subscription;

import static io.meshgov.command.domain.access.Rejections.as;
import static io.meshgov.command.domain.access.Rejections.rejectedWith;

import io.meshgov.api.DataProductId;
import io.meshgov.api.Lifecycle;
import io.meshgov.api.PersonId;
import io.meshgov.api.RejectionCode;
import io.meshgov.api.SubscriptionId;
import io.meshgov.api.TeamId;
import io.meshgov.api.command.SubscriptionCommand.ApproveSubscriptionCommand;
import io.meshgov.api.command.SubscriptionCommand.CancelSubscriptionCommand;
import io.meshgov.api.command.SubscriptionCommand.RejectSubscriptionCommand;
import io.meshgov.api.command.SubscriptionCommand.RequestSubscriptionCommand;
import io.meshgov.api.command.SubscriptionCommand.RevokeSubscriptionCommand;
import io.meshgov.api.subscription.SubscriptionEvent.SubscriptionApprovedEvent;
import io.meshgov.api.subscription.SubscriptionEvent.SubscriptionCancelledEvent;
import io.meshgov.api.subscription.SubscriptionEvent.SubscriptionRejectedEvent;
import io.meshgov.api.subscription.SubscriptionEvent.SubscriptionRequestedEvent;
import io.meshgov.api.subscription.SubscriptionEvent.SubscriptionRevokedEvent;
import io.meshgov.command.domain.directory.InMemoryLookups;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SubscriptionTest {

  private static final SubscriptionId SUB = SubscriptionId.of("sub_1");
  private static final DataProductId SETTLEMENTS = DataProductId.of("payments.settlements");
  private static final DataProductId LEDGER = DataProductId.of("finance.ledger");
  private static final TeamId FINANCE = TeamId.of("finance");
  private static final PersonId BOB = PersonId.of("bob"); // finance
  private static final PersonId ALICE = PersonId.of("alice"); // payments, owner
  private static final PersonId STEVE = PersonId.of("steve"); // steward of settlements

  private final InMemoryLookups lookups =
      new InMemoryLookups()
          .team("payments-core", "alice")
          .team("finance", "bob", "bea")
          .product(
              "payments.settlements", "payments-core", "steve", Lifecycle.ACTIVE, "id", "amount")
          .product("finance.ledger", "finance", "bob", Lifecycle.ACTIVE);
  private AggregateTestFixture<Subscription> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(Subscription.class);
    fixture.registerInjectableResource(lookups);
  }

  private RequestSubscriptionCommand request(List<String> fields) {
    return new RequestSubscriptionCommand(
        SUB, SETTLEMENTS, FINANCE, LEDGER, "month-end close", fields, null);
  }

  private SubscriptionRequestedEvent requested(PersonId by) {
    return new SubscriptionRequestedEvent(
        SUB, SETTLEMENTS, FINANCE, LEDGER, "month-end close", List.of("amount"), by, null);
  }

  private SubscriptionApprovedEvent approved() {
    return new SubscriptionApprovedEvent(SUB, SETTLEMENTS, FINANCE, List.of("amount"), ALICE);
  }

  @Test
  void a_consumer_team_member_requests_a_subscription() {
    fixture
        .givenNoPriorActivity()
        .when(request(List.of("amount")), as("bob"))
        .expectEvents(requested(BOB));
  }

  @Test
  void the_request_records_the_latest_agreement_as_accepted() {
    lookups.slaVersion("payments.settlements", 3);
    fixture
        .givenNoPriorActivity()
        .when(
            new RequestSubscriptionCommand(
                SUB, SETTLEMENTS, FINANCE, LEDGER, "month-end close", List.of("amount"), 3),
            as("bob"))
        .expectEvents(
            new SubscriptionRequestedEvent(
                SUB, SETTLEMENTS, FINANCE, LEDGER, "month-end close", List.of("amount"), BOB, 3));
    fixture
        .givenNoPriorActivity()
        .when(request(List.of("amount")), as("bob"))
        .expectEvents(
            new SubscriptionRequestedEvent(
                SUB, SETTLEMENTS, FINANCE, LEDGER, "month-end close", List.of("amount"), BOB, 3));
  }

  @Test
  void accepting_an_agreement_that_is_not_the_latest_is_refused() {
    lookups.slaVersion("payments.settlements", 3);
    fixture
        .givenNoPriorActivity()
        .when(
            new RequestSubscriptionCommand(
                SUB, SETTLEMENTS, FINANCE, LEDGER, "month-end close", List.of("amount"), 2),
            as("bob"))
        .expectException(rejectedWith(RejectionCode.SLA_VERSION_MISMATCH));
  }

  @Test
  void a_request_that_accepted_an_older_agreement_is_not_approved() {
    lookups.slaVersion("payments.settlements", 2);
    fixture
        .given(
            new SubscriptionRequestedEvent(
                SUB, SETTLEMENTS, FINANCE, LEDGER, "month-end close", List.of("amount"), BOB, 1))
        .when(new ApproveSubscriptionCommand(SUB), as("alice"))
        .expectException(rejectedWith(RejectionCode.SLA_VERSION_MISMATCH))
        .expectNoEvents();
    fixture
        .given(
            new SubscriptionRequestedEvent(
                SUB, SETTLEMENTS, FINANCE, LEDGER, "month-end close", List.of("amount"), BOB, 2))
        .when(new ApproveSubscriptionCommand(SUB), as("alice"))
        .expectSuccessfulHandlerExecution();
  }

  @Test
  void accepting_an_agreement_of_a_product_without_one_is_refused() {
    fixture
        .givenNoPriorActivity()
        .when(
            new RequestSubscriptionCommand(
                SUB, SETTLEMENTS, FINANCE, LEDGER, "month-end close", List.of("amount"), 1),
            as("bob"))
        .expectException(rejectedWith(RejectionCode.SLA_VERSION_MISMATCH));
  }

  @Test
  void requesting_is_rejected_when_the_product_does_not_exist() {
    fixture
        .givenNoPriorActivity()
        .when(
            new RequestSubscriptionCommand(
                SUB, DataProductId.of("x.unknown"), FINANCE, null, "p", List.of(), null),
            as("bob"))
        .expectException(rejectedWith(RejectionCode.PRODUCT_NOT_FOUND));
  }

  @Test
  void requesting_is_rejected_when_the_product_is_retired() {
    lookups.product("payments.settlements", "payments-core", "steve", Lifecycle.RETIRED);
    fixture
        .givenNoPriorActivity()
        .when(request(List.of()), as("bob"))
        .expectException(rejectedWith(RejectionCode.PRODUCT_RETIRED));
  }

  @Test
  void requesting_is_rejected_when_the_consumer_team_does_not_exist() {
    fixture
        .givenNoPriorActivity()
        .when(
            new RequestSubscriptionCommand(
                SUB, SETTLEMENTS, TeamId.of("nobody"), null, "p", List.of(), null),
            as("bob"))
        .expectException(rejectedWith(RejectionCode.TEAM_NOT_FOUND));
  }

  @Test
  void requesting_is_rejected_for_someone_outside_the_consumer_team() {
    fixture
        .givenNoPriorActivity()
        .when(request(List.of()), as("alice"))
        .expectException(rejectedWith(RejectionCode.NOT_A_TEAM_MEMBER));
  }

  @Test
  void requesting_is_rejected_when_a_used_field_is_not_in_the_schema() {
    fixture
        .givenNoPriorActivity()
        .when(request(List.of("price")), as("bob"))
        .expectException(rejectedWith(RejectionCode.UNKNOWN_FIELD));
  }

  @Test
  void requesting_is_rejected_when_the_consuming_product_does_not_exist() {
    fixture
        .givenNoPriorActivity()
        .when(
            new RequestSubscriptionCommand(
                SUB,
                SETTLEMENTS,
                FINANCE,
                DataProductId.of("finance.nothing"),
                "p",
                List.of(),
                null),
            as("bob"))
        .expectException(rejectedWith(RejectionCode.PRODUCT_NOT_FOUND));
  }

  @Test
  void an_owner_of_the_product_approves() {
    fixture
        .given(requested(BOB))
        .when(new ApproveSubscriptionCommand(SUB), as("alice"))
        .expectEvents(approved());
  }

  @Test
  void the_steward_approves() {
    fixture
        .given(requested(BOB))
        .when(new ApproveSubscriptionCommand(SUB), as("steve"))
        .expectEvents(
            new SubscriptionApprovedEvent(SUB, SETTLEMENTS, FINANCE, List.of("amount"), STEVE));
  }

  @Test
  void nobody_approves_a_subscription_they_requested_themselves() {
    lookups.team("finance", "alice");
    fixture
        .given(requested(ALICE))
        .when(new ApproveSubscriptionCommand(SUB), as("alice"))
        .expectException(rejectedWith(RejectionCode.SELF_APPROVAL));
  }

  @Test
  void approving_is_rejected_for_someone_outside_the_producing_team() {
    fixture
        .given(requested(BOB))
        .when(new ApproveSubscriptionCommand(SUB), as("bea"))
        .expectException(rejectedWith(RejectionCode.NOT_OWNER_OR_STEWARD));
  }

  @Test
  void approving_is_rejected_once_the_product_is_retired() {
    lookups.product("payments.settlements", "payments-core", "steve", Lifecycle.RETIRED);
    fixture
        .given(requested(BOB))
        .when(new ApproveSubscriptionCommand(SUB), as("alice"))
        .expectException(rejectedWith(RejectionCode.PRODUCT_RETIRED));
  }

  @Test
  void subscription_commands_without_an_actor_are_rejected() {
    fixture
        .given(requested(BOB))
        .when(new ApproveSubscriptionCommand(SUB))
        .expectException(rejectedWith(RejectionCode.ACTOR_MISSING));
  }

  @Test
  void approving_is_rejected_when_not_pending() {
    fixture
        .given(requested(BOB), approved())
        .when(new ApproveSubscriptionCommand(SUB), as("alice"))
        .expectException(rejectedWith(RejectionCode.SUBSCRIPTION_NOT_PENDING));
  }

  @Test
  void the_requester_may_cancel_but_not_reject_even_as_the_producers_steward() {
    fixture
        .given(requested(STEVE))
        .when(new RejectSubscriptionCommand(SUB), as("steve"))
        .expectException(rejectedWith(RejectionCode.SELF_REJECTION));
  }

  @Test
  void an_owner_rejects_a_request() {
    fixture
        .given(requested(BOB))
        .when(new RejectSubscriptionCommand(SUB), as("alice"))
        .expectEvents(new SubscriptionRejectedEvent(SUB, SETTLEMENTS, FINANCE, ALICE));
  }

  @Test
  void rejecting_is_rejected_for_someone_outside_the_producing_team() {
    fixture
        .given(requested(BOB))
        .when(new RejectSubscriptionCommand(SUB), as("bea"))
        .expectException(rejectedWith(RejectionCode.NOT_OWNER_OR_STEWARD));
  }

  @Test
  void rejecting_is_rejected_when_not_pending() {
    fixture
        .given(requested(BOB), new SubscriptionRejectedEvent(SUB, SETTLEMENTS, FINANCE, ALICE))
        .when(new RejectSubscriptionCommand(SUB), as("alice"))
        .expectException(rejectedWith(RejectionCode.SUBSCRIPTION_NOT_PENDING));
  }

  @Test
  void the_consumer_cancels_an_approved_subscription() {
    fixture
        .given(requested(BOB), approved())
        .when(new CancelSubscriptionCommand(SUB), as("bea"))
        .expectEvents(
            new SubscriptionCancelledEvent(SUB, SETTLEMENTS, FINANCE, PersonId.of("bea")));
  }

  @Test
  void cancelling_is_rejected_for_someone_outside_the_consumer_team() {
    fixture
        .given(requested(BOB))
        .when(new CancelSubscriptionCommand(SUB), as("alice"))
        .expectException(rejectedWith(RejectionCode.NOT_A_TEAM_MEMBER));
  }

  @Test
  void cancelling_is_rejected_once_the_subscription_has_ended() {
    fixture
        .given(requested(BOB), new SubscriptionCancelledEvent(SUB, SETTLEMENTS, FINANCE, BOB))
        .when(new CancelSubscriptionCommand(SUB), as("bob"))
        .expectException(rejectedWith(RejectionCode.SUBSCRIPTION_ENDED));
  }

  @Test
  void the_producer_revokes_an_approved_subscription() {
    fixture
        .given(requested(BOB), approved())
        .when(new RevokeSubscriptionCommand(SUB), as("steve"))
        .expectEvents(new SubscriptionRevokedEvent(SUB, SETTLEMENTS, FINANCE, STEVE));
  }

  @Test
  void the_producer_may_still_revoke_what_it_approved_after_the_product_retired() {
    lookups.product("payments.settlements", "payments-core", "steve", Lifecycle.RETIRED);
    fixture
        .given(requested(BOB), approved())
        .when(new RevokeSubscriptionCommand(SUB), as("alice"))
        .expectEvents(new SubscriptionRevokedEvent(SUB, SETTLEMENTS, FINANCE, ALICE));
  }

  @Test
  void revoking_is_rejected_for_the_consumer() {
    fixture
        .given(requested(BOB), approved())
        .when(new RevokeSubscriptionCommand(SUB), as("bob"))
        .expectException(rejectedWith(RejectionCode.NOT_OWNER_OR_STEWARD));
  }

  @Test
  void revoking_is_rejected_when_not_approved() {
    fixture
        .given(requested(BOB))
        .when(new RevokeSubscriptionCommand(SUB), as("alice"))
        .expectException(rejectedWith(RejectionCode.SUBSCRIPTION_NOT_APPROVED));
  }
}
