package io.meshgov.api.command;

/**
 * Every command of the contract: one of the three aggregates' commands, nothing else. What travels
 * to the command side is typed by this, not as {@code Object}.
 */
public sealed interface GovernanceCommand
    permits DataProductCommand,
        TeamCommand,
        SubscriptionCommand,
        DomainCommand,
        AuditCommand,
        LineageCommand {

  /** The id of the aggregate the command addresses (the product, team or subscription). */
  String aggregateId();

  /** Which kind of aggregate it addresses. */
  AggregateKind kind();
}
