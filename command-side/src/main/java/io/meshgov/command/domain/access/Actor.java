package io.meshgov.command.domain.access;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the {@link io.meshgov.api.PersonId} parameter of a command handler that receives the person
 * asking: the actor of the command's metadata, already checked by {@link Actors#require}. A command
 * without a valid actor never reaches the handler ({@code ACTOR_MISSING}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Actor {}
