package io.meshgov.query.live;

import java.time.Instant;

/**
 * Something happened to a product (or to a subscription to it): which event, where it stands in the
 * store, when and by whom. Read the product again (with {@code minPosition: position}) for its new
 * state.
 */
public record ProductChange(
    String productId, String eventType, long position, Instant time, String actor) {}
