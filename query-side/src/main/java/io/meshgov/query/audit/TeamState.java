package io.meshgov.query.audit;

import io.meshgov.api.team.TeamEvent;
import io.meshgov.api.team.TeamEvent.TeamMemberAddedEvent;
import io.meshgov.api.team.TeamEvent.TeamMemberRemovedEvent;
import io.meshgov.api.team.TeamEvent.TeamMemberRoleChangedEvent;
import io.meshgov.api.team.TeamEvent.TeamRegisteredEvent;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;

/**
 * A team as it was at some time, folded from its events in order: its name, domain and members with
 * their roles, and how many events and up to which of its sequence numbers that took.
 */
public final class TeamState {

  /** A member as of the time asked, with the role held then and since when they belonged. */
  public record Member(String person, String role, Instant since) {}

  private final String id;
  private final Instant at;
  private String name;
  private String domain;
  private final TreeMap<String, Member> members = new TreeMap<>();
  private int eventsReplayed;
  private long upToSequence = -1;
  private long upToPosition = -1;

  TeamState(String id, Instant at) {
    this.id = id;
    this.at = at;
  }

  void apply(TeamEvent event, Instant time, long sequence) {
    eventsReplayed++;
    upToSequence = sequence;
    if (event instanceof TeamRegisteredEvent e) {
      name = e.name();
      domain = e.domain().value();
    } else if (event instanceof TeamMemberAddedEvent e) {
      members.put(e.person().value(), new Member(e.person().value(), e.role().name(), time));
    } else if (event instanceof TeamMemberRemovedEvent e) {
      members.remove(e.person().value());
    } else if (event instanceof TeamMemberRoleChangedEvent e) {
      Member before = members.get(e.person().value());
      members.put(
          e.person().value(),
          new Member(e.person().value(), e.role().name(), before == null ? time : before.since()));
    }
  }

  public String id() {
    return id;
  }

  public Instant at() {
    return at;
  }

  public String name() {
    return name;
  }

  public String domain() {
    return domain;
  }

  public List<Member> members() {
    return List.copyOf(members.values());
  }

  public int eventsReplayed() {
    return eventsReplayed;
  }

  public long upToSequence() {
    return upToSequence;
  }

  /** The store position of the last event replayed; -1 when none was (or it is not known). */
  public long upToPosition() {
    return upToPosition;
  }

  void replayedThrough(long position) {
    upToPosition = position;
  }
}
