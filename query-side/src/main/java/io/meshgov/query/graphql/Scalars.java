package io.meshgov.query.graphql;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.IntValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;
import io.meshgov.api.Values;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** The custom scalars of the schema: DateTime (ISO-8601 instants) and Long (64-bit integers). */
final class Scalars {

  private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

  private Scalars() {}

  static final GraphQLScalarType DATE_TIME =
      GraphQLScalarType.newScalar()
          .name("DateTime")
          .description("An instant in ISO-8601")
          .coercing(
              new Coercing<Instant, String>() {
                @Override
                public String serialize(Object value, GraphQLContext context, Locale locale) {
                  if (value instanceof Instant instant) {
                    return instant.toString();
                  }
                  throw new CoercingSerializeException("not an instant: " + value);
                }

                @Override
                public Instant parseValue(Object input, GraphQLContext context, Locale locale) {
                  return parse(input, CoercingParseValueException::new);
                }

                @Override
                public Instant parseLiteral(
                    Value<?> input,
                    CoercedVariables variables,
                    GraphQLContext context,
                    Locale locale) {
                  if (input instanceof StringValue text) {
                    return parse(text.getValue(), CoercingParseLiteralException::new);
                  }
                  throw new CoercingParseLiteralException("a DateTime is a string");
                }
              })
          .build();

  static final GraphQLScalarType LONG =
      GraphQLScalarType.newScalar()
          .name("Long")
          .description("A 64-bit integer")
          .coercing(
              new Coercing<Long, Long>() {
                @Override
                public Long serialize(Object value, GraphQLContext context, Locale locale) {
                  if (value instanceof Number number) {
                    return number.longValue();
                  }
                  throw new CoercingSerializeException("not a number: " + value);
                }

                @Override
                public Long parseValue(Object input, GraphQLContext context, Locale locale) {
                  if (input instanceof Integer || input instanceof Long) {
                    return ((Number) input).longValue();
                  }
                  if (input instanceof BigInteger big && big.bitLength() < 64) {
                    return big.longValue();
                  }
                  throw new CoercingParseValueException("not a 64-bit integer: " + input);
                }

                @Override
                public Long parseLiteral(
                    Value<?> input,
                    CoercedVariables variables,
                    GraphQLContext context,
                    Locale locale) {
                  if (input instanceof IntValue number && number.getValue().bitLength() < 64) {
                    return number.getValue().longValue();
                  }
                  throw new CoercingParseLiteralException("not a 64-bit integer");
                }
              })
          .build();

  private static <E extends RuntimeException> Instant parse(
      Object input, java.util.function.Function<String, E> failure) {
    if (!(input instanceof String text)) {
      throw failure.apply("a DateTime is a string");
    }
    Instant instant;
    try {
      instant = Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw failure.apply("not an ISO-8601 instant: " + Values.abbreviate(text));
    }
    // the graph keeps times as epoch milliseconds: years 1 to 9999 fit, and say all there is
    if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
      throw failure.apply(
          "a DateTime lies between the years 1 and 9999: " + Values.abbreviate(text));
    }
    return instant;
  }
}
