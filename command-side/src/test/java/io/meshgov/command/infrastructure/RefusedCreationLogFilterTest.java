package io.meshgov.command.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import io.meshgov.api.GovernanceException;
import io.meshgov.api.RejectionCode;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RefusedCreationLogFilterTest {

  private final RefusedCreationLogFilter filter = new RefusedCreationLogFilter();
  private final LoggerContext context = new LoggerContext();
  private final GovernanceException refusal =
      new GovernanceException(RejectionCode.DOMAIN_ALREADY_REGISTERED, "finance exists");

  private FilterReply decide(String logger, Level level, String message, Throwable t) {
    return filter.decide(null, context.getLogger(logger), level, message, null, t);
  }

  /** As Logback hands over {@code warn(format, argument, throwable)}: the throwable an argument. */
  private FilterReply decideWithArgument(String message, Throwable t) {
    return filter.decide(
        null,
        context.getLogger(RefusedCreationLogFilter.LOGGER),
        Level.WARN,
        message,
        new Object[] {"cards.nothing", t},
        null);
  }

  @Test
  void drops_axons_warning_for_a_creation_a_rule_refused() {
    assertThat(
            decide(
                RefusedCreationLogFilter.LOGGER,
                Level.WARN,
                RefusedCreationLogFilter.MESSAGE,
                refusal))
        .isEqualTo(FilterReply.DENY);
  }

  @Test
  void drops_axons_warning_for_a_command_to_an_aggregate_nobody_created() {
    assertThat(
            decideWithArgument(
                RefusedCreationLogFilter.LOAD_MESSAGE,
                new AggregateNotFoundException("cards.nothing", "not found")))
        .isEqualTo(FilterReply.DENY);
    assertThat(
            decideWithArgument(
                RefusedCreationLogFilter.LOAD_MESSAGE, new IllegalStateException("store down")))
        .isEqualTo(FilterReply.NEUTRAL);
  }

  @Test
  void keeps_everything_else_that_logger_and_others_say() {
    String logger = RefusedCreationLogFilter.LOGGER;
    String message = RefusedCreationLogFilter.MESSAGE;
    // a creation failing for another reason
    assertThat(decide(logger, Level.WARN, message, new IllegalStateException("store down")))
        .isEqualTo(FilterReply.NEUTRAL);
    // an aggregate the store cannot load
    assertThat(
            decide(
                logger,
                Level.WARN,
                RefusedCreationLogFilter.LOAD_MESSAGE,
                new IllegalStateException("cannot read the stream")))
        .isEqualTo(FilterReply.NEUTRAL);
    assertThat(
            decide(
                logger,
                Level.WARN,
                "Exception occurred while trying to load/create aggregate with identifier [{}].",
                new AggregateNotFoundException("x", "not found")))
        .isEqualTo(FilterReply.NEUTRAL);
    assertThat(decide(logger, Level.ERROR, message, refusal)).isEqualTo(FilterReply.NEUTRAL);
    assertThat(decide("io.meshgov.Other", Level.WARN, message, refusal))
        .isEqualTo(FilterReply.NEUTRAL);
  }

  @Test
  void is_installed_once() {
    var logback = (LoggerContext) LoggerFactory.getILoggerFactory();
    RefusedCreationLogFilter.install();
    RefusedCreationLogFilter.install();

    assertThat(logback.getTurboFilterList())
        .filteredOn(f -> f instanceof RefusedCreationLogFilter)
        .hasSize(1);
  }
}
