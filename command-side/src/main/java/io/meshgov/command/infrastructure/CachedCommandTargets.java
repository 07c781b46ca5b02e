package io.meshgov.command.infrastructure;

import java.lang.annotation.Annotation;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.ReflectionUtils;
import org.axonframework.common.annotation.AnnotationUtils;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

/**
 * Which aggregate a command is for, read from its {@code @TargetAggregateIdentifier} and
 * {@code @TargetAggregateVersion} members as Axon's own resolver reads them (methods before fields,
 * the first annotated one, meta-annotations count), but found once per command class: Axon's
 * resolver walks every method and field of the command and their annotations for every command it
 * routes, a twentieth of the CPU of an OpenLineage back-fill.
 */
final class CachedCommandTargets implements CommandTargetResolver {

  /** Axon's command handlers read this sentence as "the command names no aggregate (yet)". */
  static final String NO_TARGET = "It does not identify the target aggregate.";

  private static final ClassValue<Members> MEMBERS =
      new ClassValue<>() {
        @Override
        protected Members computeValue(Class<?> type) {
          return new Members(
              annotated(type, TargetAggregateIdentifier.class),
              annotated(type, TargetAggregateVersion.class));
        }
      };

  private record Members(AccessibleObject identifier, AccessibleObject version) {}

  @Override
  public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
    Members members = MEMBERS.get(command.getPayloadType());
    Object payload = command.getPayload();
    Object identifier = read(members.identifier(), payload);
    Long version;
    try {
      version = asLong(read(members.version(), payload));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("The value provided for the version is not a number.", e);
    }
    if (identifier == null) {
      throw new IllegalArgumentException(
          "Invalid command. "
              + NO_TARGET
              + " No member of "
              + command.getPayloadType().getSimpleName()
              + " annotated @TargetAggregateIdentifier gave a value.");
    }
    // the value itself, as Axon's resolver gives it (a creating handler's factory receives it)
    return new VersionedAggregateIdentifier(identifier, version);
  }

  private static AccessibleObject annotated(Class<?> type, Class<? extends Annotation> annotation) {
    for (Method method : ReflectionUtils.methodsOf(type)) {
      if (AnnotationUtils.isAnnotationPresent(method, annotation)) {
        return ReflectionUtils.ensureAccessible(method);
      }
    }
    for (Field field : ReflectionUtils.fieldsOf(type)) {
      if (AnnotationUtils.isAnnotationPresent(field, annotation)) {
        return ReflectionUtils.ensureAccessible(field);
      }
    }
    return null;
  }

  private static Object read(AccessibleObject member, Object payload) {
    try {
      if (member instanceof Method method) {
        return method.invoke(payload);
      }
      if (member instanceof Field field) {
        return field.get(payload);
      }
      return null;
    } catch (InvocationTargetException e) {
      throw new IllegalArgumentException(
          "An exception occurred while extracting aggregate information from a command", e);
    } catch (IllegalAccessException e) {
      throw new IllegalArgumentException(
          "The current security context does not allow extraction of aggregate information from"
              + " the given command.",
          e);
    }
  }

  private static Long asLong(Object value) {
    if (value == null) {
      return null;
    }
    return value instanceof Number number ? number.longValue() : Long.parseLong(value.toString());
  }
}
