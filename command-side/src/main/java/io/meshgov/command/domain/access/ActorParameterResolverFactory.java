package io.meshgov.command.domain.access;

import io.meshgov.api.GovernanceMetaData;
import io.meshgov.api.PersonId;
import java.lang.reflect.Executable;
import java.lang.reflect.Parameter;
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
    return new ParameterResolver<>() {
      @Override
      public PersonId resolveParameterValue(Message<?> message) {
        Object actor = message.getMetaData().get(GovernanceMetaData.ACTOR);
        return Actors.require(actor == null ? null : actor.toString());
      }

      @Override
      public boolean matches(Message<?> message) {
        return true;
      }
    };
  }
}
