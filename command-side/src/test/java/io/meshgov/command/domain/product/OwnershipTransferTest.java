package io.meshgov.command.domain.product;

import static io.meshgov.command.domain.access.Rejections.as;
import static io.meshgov.command.domain.access.Rejections.asAdmin;
import static io.meshgov.command.domain.access.Rejections.rejectedWith;
import static io.meshgov.command.domain.product.ProductFixtures.ALICE;
import static io.meshgov.command.domain.product.ProductFixtures.BOB;
import static io.meshgov.command.domain.product.ProductFixtures.EXPIRY;
import static io.meshgov.command.domain.product.ProductFixtures.FINANCE;
import static io.meshgov.command.domain.product.ProductFixtures.PAYMENTS;
import static io.meshgov.command.domain.product.ProductFixtures.SETTLEMENTS;
import static io.meshgov.command.domain.product.ProductFixtures.STEVE;
import static io.meshgov.command.domain.product.ProductFixtures.registered;

import io.meshgov.api.GovernanceMetaData;
import io.meshgov.api.PersonId;
import io.meshgov.api.RejectionCode;
import io.meshgov.api.TeamId;
import io.meshgov.api.TransferId;
import io.meshgov.api.command.DataProductCommand.AcceptOwnershipTransferCommand;
import io.meshgov.api.command.DataProductCommand.CancelOwnershipTransferCommand;
import io.meshgov.api.command.DataProductCommand.ExpireOwnershipTransferCommand;
import io.meshgov.api.command.DataProductCommand.RejectOwnershipTransferCommand;
import io.meshgov.api.command.DataProductCommand.RequestOwnershipTransferCommand;
import io.meshgov.api.command.DataProductCommand.RetireDataProductCommand;
import io.meshgov.api.command.DataProductCommand.UpdateDataProductCommand;
import io.meshgov.api.product.DataProductEvent.DataProductRetiredEvent;
import io.meshgov.api.product.DataProductEvent.OwnershipTransferAcceptedEvent;
import io.meshgov.api.product.DataProductEvent.OwnershipTransferCancelledEvent;
import io.meshgov.api.product.DataProductEvent.OwnershipTransferExpiredEvent;
import io.meshgov.api.product.DataProductEvent.OwnershipTransferRejectedEvent;
import io.meshgov.api.product.DataProductEvent.OwnershipTransferRequestedEvent;
import io.meshgov.command.domain.directory.InMemoryLookups;
import java.time.Instant;
import java.util.List;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Description;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OwnershipTransferTest {

  private static final TransferId TRANSFER = TransferId.of("trf_1");
  private static final String REASON = "finance runs the ledger now";

  private final InMemoryLookups lookups = ProductFixtures.lookups();
  private AggregateTestFixture<DataProduct> fixture;
  private Instant now;

  @BeforeEach
  void setUp() {
    fixture = ProductFixtures.fixture(lookups);
    now = fixture.currentTime();
  }

  private OwnershipTransferRequestedEvent requested(PersonId by, Instant expiresAt) {
    return new OwnershipTransferRequestedEvent(
        SETTLEMENTS, TRANSFER, PAYMENTS, FINANCE, by, REASON, expiresAt);
  }

  private OwnershipTransferRequestedEvent requested() {
    return requested(ALICE, now.plus(EXPIRY));
  }

  private RequestOwnershipTransferCommand request(TeamId target) {
    return new RequestOwnershipTransferCommand(SETTLEMENTS, TRANSFER, target, REASON);
  }

  @Test
  void an_owner_requests_a_transfer_that_expires_after_the_configured_time() {
    fixture
        .given(registered())
        .when(request(FINANCE), as("alice"))
        .expectEvents(requested())
        .expectScheduledDeadlineWithName(now.plus(EXPIRY), DataProduct.TRANSFER_EXPIRY);
  }

  @Test
  void the_steward_may_request_a_transfer() {
    fixture
        .given(registered())
        .when(request(FINANCE), as("steve"))
        .expectEvents(requested(STEVE, now.plus(EXPIRY)));
  }

  @Test
  void requesting_is_rejected_for_someone_outside_the_owning_team() {
    fixture
        .given(registered())
        .when(request(FINANCE), as("bob"))
        .expectException(rejectedWith(RejectionCode.NOT_OWNER_OR_STEWARD));
  }

  @Test
  void requesting_is_rejected_while_another_transfer_is_open() {
    fixture
        .given(registered(), requested())
        .when(
            new RequestOwnershipTransferCommand(
                SETTLEMENTS, TransferId.of("trf_2"), FINANCE, REASON),
            as("alice"))
        .expectException(rejectedWith(RejectionCode.TRANSFER_ALREADY_OPEN));
  }

  @Test
  void a_transfer_id_used_before_on_the_product_is_rejected() {
    fixture
        .given(
            registered(),
            requested(),
            new OwnershipTransferRejectedEvent(SETTLEMENTS, TRANSFER, FINANCE, BOB))
        .when(request(FINANCE), as("alice"))
        .expectException(rejectedWith(RejectionCode.TRANSFER_ID_TAKEN));
  }

  @Test
  void requesting_a_transfer_to_the_current_owner_is_rejected() {
    fixture
        .given(registered())
        .when(request(PAYMENTS), as("alice"))
        .expectException(rejectedWith(RejectionCode.TRANSFER_TO_CURRENT_OWNER));
  }

  @Test
  void requesting_a_transfer_to_an_unknown_team_is_rejected() {
    fixture
        .given(registered())
        .when(request(TeamId.of("nobody")), as("alice"))
        .expectException(rejectedWith(RejectionCode.TEAM_NOT_FOUND));
  }

  @Test
  void acceptance_is_rejected_when_the_acceptor_joined_the_receiving_team_after_the_request() {
    // the requester adds a colleague to the receiving team after asking: that team never took part
    lookups.joined("finance", "carol", now.plusSeconds(60));
    fixture
        .given(registered(), requested())
        .when(new AcceptOwnershipTransferCommand(SETTLEMENTS, TRANSFER), as("carol"))
        .expectException(rejectedWith(RejectionCode.JOINED_AFTER_REQUEST))
        .expectNoEvents();
  }

  @Test
  void acceptance_is_rejected_when_the_acceptor_belongs_to_the_giving_team_too() {
    lookups.team("payments-core", "bea"); // bea is in finance as well
    fixture
        .given(registered(), requested())
        .when(new AcceptOwnershipTransferCommand(SETTLEMENTS, TRANSFER), as("bea"))
        .expectException(rejectedWith(RejectionCode.ACCEPTOR_IN_GIVING_TEAM))
        .expectNoEvents();
  }

  @Test
  void a_member_of_the_receiving_team_accepts_and_the_team_becomes_owner() {
    fixture
        .given(registered(), requested())
        .when(new AcceptOwnershipTransferCommand(SETTLEMENTS, TRANSFER), as("bob"))
        .expectEvents(
            new OwnershipTransferAcceptedEvent(
                SETTLEMENTS, TRANSFER, PAYMENTS, FINANCE, ALICE, BOB));
  }

  @Test
  void after_the_transfer_the_new_team_may_change_the_product_and_the_old_one_may_not() {
    var accepted =
        new OwnershipTransferAcceptedEvent(SETTLEMENTS, TRANSFER, PAYMENTS, FINANCE, ALICE, BOB);
    fixture
        .given(registered(), requested(), accepted)
        .when(new UpdateDataProductCommand(SETTLEMENTS, "by alice", null, null, null), as("alice"))
        .expectException(rejectedWith(RejectionCode.NOT_OWNER_OR_STEWARD));
    fixture
        .given(registered(), requested(), accepted)
        .when(new UpdateDataProductCommand(SETTLEMENTS, "by bob", null, null, null), as("bob"))
        .expectSuccessfulHandlerExecution();
  }

  @Test
  void nobody_accepts_a_transfer_they_requested_themselves() {
    lookups.team("finance", "alice");
    fixture
        .given(registered(), requested())
        .when(new AcceptOwnershipTransferCommand(SETTLEMENTS, TRANSFER), as("alice"))
        .expectException(rejectedWith(RejectionCode.SELF_APPROVAL));
  }

  @Test
  void accepting_is_rejected_for_someone_outside_the_receiving_team() {
    fixture
        .given(registered(), requested())
        .when(new AcceptOwnershipTransferCommand(SETTLEMENTS, TRANSFER), as("steve"))
        .expectException(rejectedWith(RejectionCode.NOT_RECEIVING_TEAM_MEMBER));
  }

  @Test
  void accepting_is_rejected_once_the_request_has_expired() {
    fixture
        .given(registered(), requested(ALICE, now.minusSeconds(1)))
        .when(new AcceptOwnershipTransferCommand(SETTLEMENTS, TRANSFER), as("bob"))
        .expectException(rejectedWith(RejectionCode.TRANSFER_EXPIRED));
  }

  @Test
  void accepting_is_rejected_when_no_such_transfer_is_open() {
    fixture
        .given(registered())
        .when(new AcceptOwnershipTransferCommand(SETTLEMENTS, TRANSFER), as("bob"))
        .expectException(rejectedWith(RejectionCode.NO_OPEN_TRANSFER));
  }

  @Test
  void a_member_of_the_receiving_team_rejects_the_transfer() {
    fixture
        .given(registered(), requested())
        .when(new RejectOwnershipTransferCommand(SETTLEMENTS, TRANSFER), as("bea"))
        .expectEvents(
            new OwnershipTransferRejectedEvent(SETTLEMENTS, TRANSFER, FINANCE, PersonId.of("bea")));
  }

  @Test
  void rejecting_is_rejected_for_someone_outside_the_receiving_team() {
    fixture
        .given(registered(), requested())
        .when(new RejectOwnershipTransferCommand(SETTLEMENTS, TRANSFER), as("alice"))
        .expectException(rejectedWith(RejectionCode.NOT_RECEIVING_TEAM_MEMBER));
  }

  @Test
  void rejecting_is_rejected_when_no_such_transfer_is_open() {
    fixture
        .given(registered())
        .when(new RejectOwnershipTransferCommand(SETTLEMENTS, TRANSFER), as("bob"))
        .expectException(rejectedWith(RejectionCode.NO_OPEN_TRANSFER));
  }

  @Test
  void the_requester_cancels_the_transfer() {
    fixture
        .given(registered(), requested())
        .when(new CancelOwnershipTransferCommand(SETTLEMENTS, TRANSFER), as("alice"))
        .expectEvents(new OwnershipTransferCancelledEvent(SETTLEMENTS, TRANSFER, FINANCE, ALICE));
  }

  @Test
  void cancelling_is_rejected_for_someone_outside_the_owning_team() {
    fixture
        .given(registered(), requested())
        .when(new CancelOwnershipTransferCommand(SETTLEMENTS, TRANSFER), as("bob"))
        .expectException(rejectedWith(RejectionCode.NOT_OWNER_OR_STEWARD));
  }

  @Test
  void cancelling_is_rejected_when_no_such_transfer_is_open() {
    fixture
        .given(registered())
        .when(new CancelOwnershipTransferCommand(SETTLEMENTS, TRANSFER), as("alice"))
        .expectException(rejectedWith(RejectionCode.NO_OPEN_TRANSFER));
  }

  @Test
  void the_request_expires_when_its_deadline_passes() {
    fixture
        .given(registered())
        .andGivenCommands(
            GenericCommandMessage.asCommandMessage(request(FINANCE)).andMetaData(as("alice")))
        .whenTimeElapses(EXPIRY.plusSeconds(1))
        .expectTriggeredDeadlinesWithName(DataProduct.TRANSFER_EXPIRY)
        .expectEvents(
            new OwnershipTransferExpiredEvent(SETTLEMENTS, TRANSFER, FINANCE, now.plus(EXPIRY)));
  }

  @Test
  void an_expired_request_is_closed_by_the_expire_command() {
    Instant past = now.minusSeconds(60);
    fixture
        .given(registered(), requested(ALICE, past))
        .when(new ExpireOwnershipTransferCommand(SETTLEMENTS, TRANSFER), asAdmin("operator"))
        .expectEvents(new OwnershipTransferExpiredEvent(SETTLEMENTS, TRANSFER, FINANCE, past));
  }

  @Test
  void expiring_by_hand_is_for_platform_admins_only() {
    fixture
        .given(registered(), requested(ALICE, now.minusSeconds(60)))
        .when(new ExpireOwnershipTransferCommand(SETTLEMENTS, TRANSFER), as("alice"))
        .expectException(rejectedWith(RejectionCode.ADMIN_ONLY));
  }

  @Test
  void expiring_is_rejected_while_the_request_is_still_open() {
    fixture
        .given(registered(), requested())
        .when(new ExpireOwnershipTransferCommand(SETTLEMENTS, TRANSFER), asAdmin("operator"))
        .expectException(rejectedWith(RejectionCode.TRANSFER_NOT_EXPIRED));
  }

  @Test
  void expiring_is_rejected_when_no_such_transfer_is_open() {
    fixture
        .given(registered())
        .when(new ExpireOwnershipTransferCommand(SETTLEMENTS, TRANSFER), asAdmin("operator"))
        .expectException(rejectedWith(RejectionCode.NO_OPEN_TRANSFER));
  }

  @Test
  void a_new_request_is_possible_once_the_previous_one_ended() {
    fixture
        .given(
            registered(),
            requested(),
            new OwnershipTransferRejectedEvent(SETTLEMENTS, TRANSFER, FINANCE, BOB))
        .when(
            new RequestOwnershipTransferCommand(
                SETTLEMENTS, TransferId.of("trf_2"), FINANCE, REASON),
            as("alice"))
        .expectSuccessfulHandlerExecution();
  }

  @Test
  void retiring_a_product_cancels_its_open_transfer() {
    fixture
        .given(registered(), requested())
        .when(new RetireDataProductCommand(SETTLEMENTS), as("alice"))
        .expectEvents(
            new OwnershipTransferCancelledEvent(SETTLEMENTS, TRANSFER, FINANCE, ALICE),
            new DataProductRetiredEvent(SETTLEMENTS));
  }

  @Test
  void retiring_a_product_cancels_the_expiry_of_its_open_transfer() {
    fixture
        .given(registered())
        .andGivenCommands(
            GenericCommandMessage.asCommandMessage(request(FINANCE)).andMetaData(as("alice")))
        .when(new RetireDataProductCommand(SETTLEMENTS), as("alice"))
        .expectSuccessfulHandlerExecution()
        .expectNoScheduledDeadlines();
  }

  @Test
  void accepting_without_an_actor_is_rejected() {
    fixture
        .given(registered(), requested())
        .when(new AcceptOwnershipTransferCommand(SETTLEMENTS, TRANSFER))
        .expectException(rejectedWith(RejectionCode.ACTOR_MISSING));
  }

  @Test
  void rejecting_as_the_system_is_rejected() {
    fixture
        .given(registered(), requested())
        .when(new RejectOwnershipTransferCommand(SETTLEMENTS, TRANSFER), as("system"))
        .expectException(rejectedWith(RejectionCode.ACTOR_MISSING));
  }

  @Test
  void the_expiry_is_recorded_as_done_by_the_system() {
    fixture
        .given(registered())
        .andGivenCommands(
            GenericCommandMessage.asCommandMessage(request(FINANCE)).andMetaData(as("alice")))
        .whenTimeElapses(EXPIRY.plusSeconds(1))
        .expectEventsMatching(
            new TypeSafeMatcher<List<EventMessage<?>>>() {
              @Override
              protected boolean matchesSafely(List<EventMessage<?>> events) {
                return events.size() == 1
                    && GovernanceMetaData.SYSTEM_ACTOR.equals(
                        events.get(0).getMetaData().get(GovernanceMetaData.ACTOR));
              }

              @Override
              public void describeTo(Description description) {
                description.appendText("one event whose actor is the system");
              }
            });
  }
}
