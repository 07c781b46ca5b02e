package io.meshgov.command.infrastructure;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import io.meshgov.api.GovernanceException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Drops the two warnings Axon logs, with their stack traces, for a command a caller got wrong: a
 * creation an aggregate refuses by a rule ("Exception occurred while trying to create an
 * aggregate." with a {@link GovernanceException}, a team registered twice) and a command for an
 * aggregate that does not exist ("... load a aggregate ..." with an {@link
 * AggregateNotFoundException}, a product id nobody registered). The caller gets either refusal with
 * its code; an ordinary member could otherwise write a stack trace into the log per request.
 * Everything else that logger says (a creation failing for another reason, an aggregate the store
 * cannot load) is logged as before.
 */
final class RefusedCreationLogFilter extends TurboFilter {

  static final String LOGGER = "org.axonframework.modelling.command.AbstractRepository";
  static final String MESSAGE = "Exception occurred while trying to create an aggregate.";
  static final String LOAD_MESSAGE =
      "Exception occurred while trying to load a aggregate with identifier [{}].";
  private static final String NAME = "meshgov-refused-creation";

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    // Logback asks a turbo filter about every log call at every level: the cheap test first
    if (level != Level.WARN || !LOGGER.equals(logger.getName())) {
      return FilterReply.NEUTRAL;
    }
    // a throwable after a message's arguments reaches the filter as the last argument
    Object thrown =
        t == null && params != null && params.length > 0 ? params[params.length - 1] : t;
    boolean refused =
        thrown instanceof GovernanceException && MESSAGE.equals(format)
            || thrown instanceof AggregateNotFoundException && LOAD_MESSAGE.equals(format);
    return refused ? FilterReply.DENY : FilterReply.NEUTRAL;
  }

  /** Adds the filter to Logback's context once (when Logback is the logging backend). */
  static void install() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context
        && context.getTurboFilterList().stream().noneMatch(f -> NAME.equals(f.getName()))) {
      var filter = new RefusedCreationLogFilter();
      filter.setName(NAME);
      filter.start();
      context.addTurboFilter(filter);
    }
  }
}
