package io.meshgov.server.distributed;

import io.meshgov.api.product.DataProductCommand;
import io.meshgov.api.subscription.SubscriptionCommand;
import io.meshgov.api.team.TeamCommand;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The commands of the contract by their simple names: the only ones the command service takes. */
final class ContractCommands {

  static final Map<String, Class<?>> BY_NAME =
      Stream.of(TeamCommand.class, DataProductCommand.class, SubscriptionCommand.class)
          .flatMap(family -> Stream.of(family.getPermittedSubclasses()))
          .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

  private ContractCommands() {}
}
