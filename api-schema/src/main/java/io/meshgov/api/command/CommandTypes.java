package io.meshgov.api.command;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The commands of the contract by their simple names: the only ones a command service takes. */
public final class CommandTypes {

  private static final Map<String, Class<? extends GovernanceCommand>> BY_NAME =
      Stream.of(GovernanceCommand.class.getPermittedSubclasses())
          .flatMap(family -> Stream.of(family.getPermittedSubclasses()))
          .map(CommandTypes::asCommand)
          .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

  private CommandTypes() {}

  /** The command type of that simple name ({@code AssignStewardCommand}), or null. */
  public static Class<? extends GovernanceCommand> named(String simpleName) {
    return BY_NAME.get(simpleName);
  }

  private static Class<? extends GovernanceCommand> asCommand(Class<?> type) {
    return type.asSubclass(GovernanceCommand.class);
  }
}
