package io.meshgov.api.command;

import io.meshgov.api.GovernanceException;
import java.util.Set;

/**
 * The way into the command side, wherever it runs: in this process (embedded) or behind HTTP (the
 * distributed setup). Sends one command of the contract for a person and waits for the decision.
 */
public interface GovernanceGateway {

  /** What a command left behind: the aggregate it addressed and its last event's position. */
  record Outcome(String aggregateId, long position) {}

  /**
   * Who sends a command, why, and which user action it belongs to.
   *
   * @param actor the person asking (the token's subject)
   * @param reason why, recorded on every event the command causes; may be null
   * @param correlationId the user action the command is part of, shared by everything it causes;
   *     null starts a new correlation
   * @param commandId the command's own id, recorded as the causation of the events it causes; null
   *     for a new one. Passed on unchanged when a command is forwarded, so both services name it
   *     alike.
   * @param roles the actor's platform roles, from their token (empty: none)
   */
  record Origin(
      String actor, String reason, String correlationId, String commandId, Set<String> roles) {

    public Origin {
      roles = roles == null ? Set.of() : Set.copyOf(roles);
    }

    public Origin(String actor, String reason, String correlationId, String commandId) {
      this(actor, reason, correlationId, commandId, Set.of());
    }

    /** A command of its own, not part of a larger user action. */
    public static Origin of(String actor, String reason) {
      return new Origin(actor, reason, null, null);
    }

    /** The same origin for a person with these platform roles. */
    public Origin withRoles(Set<String> platformRoles) {
      return new Origin(actor, reason, correlationId, commandId, platformRoles);
    }
  }

  /**
   * @throws GovernanceException when the command is refused, with the rule that refused it
   */
  Outcome send(GovernanceCommand command, Origin origin);

  /** The most commands {@link #sendAll} takes at once. */
  int MAX_BULK = 1000;

  /**
   * The bulk form, for imports and back-fills: sends the commands in order as one unit, all decided
   * in one transaction. Every rule is checked for each command as if it were sent alone (a command
   * sees what the ones before it in the list did), and each event is its own event with its own
   * metadata; if any command is refused, nothing of the whole list is stored and the refusal says
   * which command it was ({@code commandIndex} in its details, counted from 0).
   *
   * @return one outcome per command, in order
   * @throws GovernanceException when a command is refused, or the list holds more than {@link
   *     #MAX_BULK}
   */
  java.util.List<Outcome> sendAll(
      java.util.List<? extends GovernanceCommand> commands, Origin origin);

  /** Sends a command of its own for {@code actor}. */
  default Outcome send(GovernanceCommand command, String actor, String reason) {
    return send(command, Origin.of(actor, reason));
  }
}
