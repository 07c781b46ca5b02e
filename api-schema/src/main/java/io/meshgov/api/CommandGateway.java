package io.meshgov.api;

/**
 * The way into the command side, wherever it runs: in this process (embedded) or behind HTTP (the
 * distributed setup). Sends one command of the contract for a person and waits for the decision.
 */
public interface CommandGateway {

  /** What a command left behind: the aggregate it addressed and its last event's position. */
  record Outcome(String aggregateId, long position) {}

  /**
   * @param actor the person asking (the token's subject)
   * @param reason why, recorded on every event the command causes; may be null
   * @throws GovernanceException when the command is refused, with the rule that refused it
   */
  Outcome send(Object command, String actor, String reason);
}
