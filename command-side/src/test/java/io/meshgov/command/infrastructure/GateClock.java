package io.meshgov.command.infrastructure;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

/**
 * The system clock, except that while a gate is set, reading it waits until every party has read
 * it. Aggregates read the clock after loading their state and before deciding, so a gate holds
 * concurrent writers at exactly the moment that makes them conflict.
 */
final class GateClock extends Clock {

  private static volatile CyclicBarrier gate;

  static void gate(int parties) {
    gate = new CyclicBarrier(parties);
  }

  static void open() {
    gate = null;
  }

  @Override
  public Instant instant() {
    CyclicBarrier current = gate;
    if (current != null) {
      try {
        current.await(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("the other writer never reached the clock", e);
      }
    }
    return Instant.now();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException();
  }
}
