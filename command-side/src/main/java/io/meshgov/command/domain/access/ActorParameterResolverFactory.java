package io.meshgov.command.domain.access;

import io.meshgov.api.GovernanceMetaData;
import io.meshgov.api.PersonId;
import java.lang.reflect.Executable;
import java.lang.reflect.Parameter;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.Priority;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.ParameterResolver;
import org.axonframework.messaging.annotation.ParameterResolverFactory;

/**
 * Hands every {@link Actor @Actor PersonId} handler parameter the validated person of the message's
 * metadata. Found by Axon on the classpath ({@code META-INF/services}), so the application and the
 * aggregate test fixtures resolve it alike.
 */
@Priority(Priority.HIGH)
public final class ActorParameterResolverFactory implements ParameterResolverFactory {

  @Override
  public ParameterResolver<PersonId> createInstance(
      Executable executable, Parameter[] parameters, int parameterIndex) {
    Parameter parameter = parameters[parameterIndex];
    if (parameter.getType() != PersonId.class || !parameter.isAnnotationPresent(Actor.class)) {
      return null;
    }
    if (!executable.isAnnotationPresent(CommandHandler.class)) {
      // events and deadlines carry the system as actor, or the scheduler's: never a person asking
      throw new IllegalStateException(
          "@Actor belongs on command handlers only, not on " + executable);
    }
    return new ParameterResolver<>() {
      @Override
      public PersonId resolveParameterValue(Message<?> message) {
        Object actor = message.getMetaData().get(GovernanceMetaData.ACTOR);
        return Actors.require(actor == null ? null : actor.toString());
      }

      @Override
      public boolean matches(Message<?> message) {
        return message instanceof CommandMessage;
      }
    };
  }
}
