package io.meshgov.command.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgov.api.DomainName;
import io.meshgov.api.PersonId;
import io.meshgov.api.TeamId;
import io.meshgov.api.TeamRole;
import io.meshgov.api.command.TeamCommand.AddTeamMemberCommand;
import io.meshgov.api.command.TeamCommand.RegisterTeamCommand;
import io.meshgov.command.audit.Checkpoints;
import io.meshgov.command.audit.HistoryVerifier;
import io.meshgov.command.audit.VerificationResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The store is edited behind the application's back, with plain SQL, the way someone with write
 * access to the database would: every kind of edit is found by the verifier, at the right place.
 * Each test runs on a store of its own: a team of three members and a product with a schema, a
 * signed checkpoint over them, and two more events after it.
 */
abstract class TamperEvidenceContract {

  /** Where this store's checkpoint anchor lives (outside the database, beside the key). */
  @org.junit.jupiter.api.io.TempDir java.nio.file.Path anchorDir;

  private ConfigurableApplicationContext context;
  private JdbcTemplate jdbc;
  private TeamId team;

  /** A fresh, empty store for one test. */
  abstract StoreUnderTest freshStore();

  @BeforeEach
  void aHistoryWithACheckpoint() throws Exception {
    StoreUnderTest store = freshStore();
    context = start(store);
    jdbc = context.getBean(JdbcTemplate.class);
    GovernanceCommands commands = context.getBean(GovernanceCommands.class);
    TestDomains.register(commands, "payments");
    team = TeamId.of("tamper-team");
    commands.send(
        new RegisterTeamCommand(team, "Tamper", DomainName.of("payments")), "alice", null);
    for (String member : List.of("bob", "carol", "dave")) {
      commands.send(
          new AddTeamMemberCommand(team, PersonId.of(member), TeamRole.MEMBER), "alice", "why not");
    }
    context.getBean(Checkpoints.class).make().orElseThrow();
    commands.send(
        new AddTeamMemberCommand(team, PersonId.of("erin"), TeamRole.MEMBER), "alice", null);
    commands.send(
        new AddTeamMemberCommand(team, PersonId.of("fred"), TeamRole.MEMBER), "alice", null);
    VerificationResult intact = verify();
    assertThat(intact.intact()).as("%s", intact).isTrue();
    assertThat(intact.checkpoint()).isEqualTo(1L);
    assertThat(intact.eventsChecked()).isEqualTo(count());
  }

  private ConfigurableApplicationContext start(StoreUnderTest store) {
    return CommandSideTestApplication.start(
        store, "meshgov.audit.anchor-file=" + anchorDir.resolve("audit-anchor"));
  }

  @AfterEach
  void stop() {
    if (context != null) {
      context.close();
    }
  }

  private VerificationResult verify() {
    return context.getBean(HistoryVerifier.class).verify(done -> {});
  }

  private long count() {
    return jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
  }

  /** Positions of the team's events, by sequence. */
  private List<Long> teamPositions() {
    return jdbc.queryForList(
        "select global_index from domain_event_entry where aggregate_identifier = ?"
            + " order by sequence_number",
        Long.class,
        team.value());
  }

  private long checkpointPosition() {
    return jdbc.queryForObject("select up_to_position from event_checkpoint", Long.class);
  }

  private byte[] bytes(String column, long position) {
    return jdbc.queryForObject(
        "select " + column + " from domain_event_entry where global_index = ?",
        byte[].class,
        position);
  }

  private void replaceIn(String column, long position, String from, String to) {
    String text = new String(bytes(column, position), StandardCharsets.UTF_8);
    assertThat(text).contains(from);
    jdbc.update(
        "update domain_event_entry set " + column + " = ? where global_index = ?",
        text.replace(from, to).getBytes(StandardCharsets.UTF_8),
        position);
  }

  private VerificationResult broken() {
    VerificationResult result = verify();
    assertThat(result.intact()).as("%s", result).isFalse();
    return result;
  }

  @Test
  void a_changed_payload_is_found_at_its_event_also_by_the_command_line() {
    long second = teamPositions().get(2); // bob joins
    replaceIn("payload", second, "bob", "eve");
    VerificationResult result = broken();
    StoreUnderTest store = storeOf(context);
    var out = new java.io.ByteArrayOutputStream();
    var err = new java.io.ByteArrayOutputStream();
    int status =
        io.meshgov.command.audit.VerifyHistoryCliAccess.run(
            new String[] {
              "--url=" + store.url(),
              "--user=" + store.user(),
              "--password=" + store.password(),
              "--public-key="
                  + CommandSideTestApplication.dataDir().resolve("keys/audit-public.pem")
            },
            new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
            new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("\"intact\":false", "\"position\":" + second);
    assertThat(result.firstBreak().position()).isEqualTo(second);
    assertThat(result.firstBreak().aggregateId()).isEqualTo(team.value());
    assertThat(result.firstBreak().problem()).contains("does not match its chain link");
    assertThat(result.checkedUpTo()).isLessThan(second);
  }

  @Test
  void changed_metadata_is_found_actor_reason_and_time() {
    long position = teamPositions().get(3);
    replaceIn("meta_data", position, "alice", "mallory");
    assertThat(broken().firstBreak().position()).isEqualTo(position);
    replaceIn("meta_data", position, "mallory", "alice");
    assertThat(verify().intact()).isTrue();
    replaceIn("meta_data", position, "why not", "because");
    assertThat(broken().firstBreak().position()).isEqualTo(position);
    replaceIn("meta_data", position, "because", "why not");
    jdbc.update(
        "update domain_event_entry set time_stamp = ? where global_index = ?",
        "2020-01-01T00:00:00Z",
        position);
    assertThat(broken().firstBreak().position()).isEqualTo(position);
  }

  @Test
  void a_deleted_event_is_found_whether_or_not_its_link_went_with_it() {
    List<Long> positions = teamPositions();
    jdbc.update("delete from domain_event_entry where global_index = ?", positions.get(2));
    VerificationResult withLink = broken();
    assertThat(withLink.firstBreak().position()).isEqualTo(positions.get(2));
    assertThat(withLink.firstBreak().problem()).contains("deleted");

    jdbc.update("delete from event_chain where global_index = ?", positions.get(2));
    VerificationResult without = broken();
    assertThat(without.firstBreak().position()).isEqualTo(positions.get(3));
    assertThat(without.firstBreak().problem()).contains("missing");
  }

  @Test
  void an_inserted_event_is_found() {
    long last = teamPositions().get(teamPositions().size() - 1);
    Map<String, Object> row =
        jdbc.queryForMap("select * from domain_event_entry where global_index = ?", last);
    jdbc.update(
        "insert into domain_event_entry (event_identifier, aggregate_identifier, sequence_number,"
            + " type, time_stamp, payload_type, payload_revision, payload, meta_data)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        "forged-event",
        team.value(),
        ((Number) row.get("sequence_number")).longValue() + 1,
        row.get("type"),
        row.get("time_stamp"),
        row.get("payload_type"),
        row.get("payload_revision"),
        new String((byte[]) row.get("payload"), StandardCharsets.UTF_8)
            .replace("fred", "mallory")
            .getBytes(StandardCharsets.UTF_8),
        row.get("meta_data"));
    VerificationResult result = broken();
    assertThat(result.firstBreak().problem()).contains("no chain link");
    assertThat(result.firstBreak().sequence())
        .isEqualTo(((Number) row.get("sequence_number")).longValue() + 1);
  }

  @Test
  void two_swapped_events_are_found() {
    List<Long> positions = teamPositions();
    byte[] a = bytes("payload", positions.get(2));
    byte[] b = bytes("payload", positions.get(3));
    jdbc.update(
        "update domain_event_entry set payload = ? where global_index = ?", b, positions.get(2));
    jdbc.update(
        "update domain_event_entry set payload = ? where global_index = ?", a, positions.get(3));
    assertThat(broken().firstBreak().position()).isEqualTo(positions.get(2));
  }

  @Test
  void events_a_checkpoint_covers_cut_off_the_end_are_found() {
    long covered = checkpointPosition();
    // everything after the checkpoint and its last covered event, with their links
    jdbc.update("delete from event_chain where global_index >= ?", covered);
    jdbc.update("delete from domain_event_entry where global_index >= ?", covered);
    VerificationResult result = broken();
    assertThat(result.firstBreak().position()).isEqualTo(covered);
    assertThat(result.firstBreak().problem()).contains("checkpoint 1", "deleted or inserted");
  }

  @Test
  void a_forged_checkpoint_is_found() {
    jdbc.update("update event_checkpoint set event_count = event_count - 1");
    assertThat(broken().firstBreak().problem()).contains("not signed");
  }

  @Test
  void a_rewrite_that_recomputes_every_hash_is_still_found() {
    // the attacker knows the algorithm: changes bob's event and relinks the whole team after it
    long bob = teamPositions().get(2);
    replaceIn("payload", bob, "bob", "eve");
    relinkFrom(team.value(), 2);
    VerificationResult result = broken();
    assertThat(result.firstBreak().aggregateId()).isEqualTo(team.value());
    assertThat(result.firstBreak().problem()).contains("checkpoint 1", "rewritten");

    // and rewrites what the checkpoint recorded of the team too: the signature does not follow
    jdbc.update(
        "update event_checkpoint_head set hash = (select hash from event_chain c"
            + " where c.aggregate_identifier = event_checkpoint_head.aggregate_identifier"
            + " and c.sequence_number = event_checkpoint_head.sequence_number)");
    assertThat(broken().firstBreak().problem()).contains("checkpoint 1", "signed");
  }

  @Test
  void links_without_their_search_columns_get_them_at_the_next_start_also_on_a_signed_store()
      throws Exception {
    Long first = jdbc.queryForObject("select min(global_index) from event_chain", Long.class);
    // as a store upgraded while its search index was half built: later links without columns
    jdbc.update(
        "update event_chain set event_type = null, time_stamp = null, actor = null,"
            + " correlation_id = null where global_index > ?",
        first);
    jdbc.update("delete from event_chain_migration where id = 2");
    StoreUnderTest store = storeOf(context);
    context.close();
    context = start(store);
    jdbc = context.getBean(JdbcTemplate.class);
    assertThat(
            jdbc.queryForObject(
                "select count(*) from event_chain where time_stamp is null or event_type is null",
                Long.class))
        .isZero();
    assertThat(
            jdbc.queryForList(
                "select distinct actor from event_chain where actor is not null", String.class))
        .isNotEmpty();
    assertThat(verify().intact()).isTrue();
  }

  @Test
  void a_store_written_before_the_chain_is_chained_once_and_later_slips_stay_evidence()
      throws Exception {
    jdbc.update("delete from event_checkpoint_head");
    jdbc.update("delete from event_checkpoint");
    jdbc.update("delete from event_chain");
    jdbc.update("delete from event_chain_migration");
    // never signed: the key's record of its last checkpoint goes too
    java.nio.file.Files.delete(anchorDir.resolve("audit-anchor"));
    StoreUnderTest store = storeOf(context);
    context.close();
    context = start(store);
    jdbc = context.getBean(JdbcTemplate.class);
    VerificationResult migrated = verify();
    assertThat(migrated.intact()).as("%s", migrated).isTrue();
    assertThat(migrated.eventsChecked()).isEqualTo(count());

    // an event slipped in without a link after the migration is not laundered by a restart
    jdbc.update("delete from event_chain where global_index = ?", teamPositions().get(4));
    context.close();
    context = start(store);
    jdbc = context.getBean(JdbcTemplate.class);
    assertThat(broken().firstBreak().position()).isEqualTo(teamPositions().get(4));
  }

  @Test
  void removed_checkpoints_are_found_and_the_application_does_not_sign_over_them()
      throws Exception {
    // the attacker rewrites bob's event, relinks, removes the checkpoint and waits for a new one
    long bob = teamPositions().get(2);
    replaceIn("payload", bob, "bob", "eve");
    relinkFrom(team.value(), 2);
    jdbc.update("delete from event_checkpoint_head");
    jdbc.update("delete from event_checkpoint");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> context.getBean(Checkpoints.class).make())
        .hasMessageContaining("checkpoints were removed");
    VerificationResult result = broken();
    assertThat(result.firstBreak().problem()).contains("the last this key signed", "missing");
  }

  @Test
  void removing_the_migrations_record_does_not_get_a_rewritten_tail_linked_anew() {
    long last = teamPositions().get(teamPositions().size() - 1);
    replaceIn("payload", last, "fred", "eve");
    jdbc.update("delete from event_chain where global_index = ?", last);
    jdbc.update("delete from event_chain_migration");
    StoreUnderTest store = storeOf(context);
    context.close();
    context = start(store);
    jdbc = context.getBean(JdbcTemplate.class);
    VerificationResult result = broken();
    assertThat(result.firstBreak().position()).isEqualTo(last);
    assertThat(result.firstBreak().problem()).contains("no chain link");
  }

  private static StoreUnderTest storeOf(ConfigurableApplicationContext context) {
    var env = context.getEnvironment();
    return new StoreUnderTest(
        env.getProperty("spring.datasource.url"),
        env.getProperty("spring.datasource.username"),
        env.getProperty("spring.datasource.password"));
  }

  /** Recomputes the links of an aggregate from a sequence on, as an attacker would. */
  private void relinkFrom(String aggregate, long sequence) {
    List<Map<String, Object>> rows =
        jdbc.queryForList(
            "select * from domain_event_entry where aggregate_identifier = ?"
                + " and sequence_number >= ? order by sequence_number",
            aggregate,
            sequence);
    byte[] previous =
        jdbc.queryForObject(
            "select hash from event_chain where aggregate_identifier = ? and sequence_number = ?",
            byte[].class,
            aggregate,
            sequence - 1);
    List<Object[]> updates = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      var stored =
          new io.meshgov.command.audit.StoredRow(
              ((Number) row.get("global_index")).longValue(),
              (String) row.get("event_identifier"),
              (String) row.get("aggregate_identifier"),
              ((Number) row.get("sequence_number")).longValue(),
              (String) row.get("type"),
              (String) row.get("payload_type"),
              (String) row.get("payload_revision"),
              (String) row.get("time_stamp"),
              (byte[]) row.get("payload"),
              (byte[]) row.get("meta_data"));
      previous = io.meshgov.command.audit.EventChain.link(previous, stored);
      updates.add(new Object[] {previous, stored.position()});
    }
    jdbc.batchUpdate("update event_chain set hash = ? where global_index = ?", updates);
  }
}
