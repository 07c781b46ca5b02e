package io.meshgov.command.domain.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshgov.api.PersonId;
import java.lang.reflect.Method;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.Test;

class ActorParameterResolverFactoryTest {

  static class Handlers {
    @CommandHandler
    void command(String command, @Actor PersonId actor) {}

    @EventHandler
    void event(String event, @Actor PersonId actor) {}

    @CommandHandler
    void other(String command, PersonId notTheActor) {}
  }

  private final ActorParameterResolverFactory factory = new ActorParameterResolverFactory();

  private static Method method(String name) throws Exception {
    return Handlers.class.getDeclaredMethod(name, String.class, PersonId.class);
  }

  @Test
  void resolves_the_actor_of_command_handlers_only_for_commands() throws Exception {
    Method command = method("command");
    var resolver = factory.createInstance(command, command.getParameters(), 1);
    assertThat(resolver).isNotNull();
    assertThat(resolver.matches(GenericEventMessage.asEventMessage("e"))).isFalse();
  }

  @Test
  void refuses_actor_parameters_outside_command_handlers() throws Exception {
    Method event = method("event");
    assertThatThrownBy(() -> factory.createInstance(event, event.getParameters(), 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("command handlers only");
  }

  @Test
  void leaves_other_person_parameters_alone() throws Exception {
    Method other = method("other");
    assertThat(factory.createInstance(other, other.getParameters(), 1)).isNull();
  }
}
