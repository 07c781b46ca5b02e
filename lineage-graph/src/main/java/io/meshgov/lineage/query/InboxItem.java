package io.meshgov.lineage.query;

import java.time.Instant;

/**
 * Something that happened which concerns one person: what kind, in words, about which product,
 * subscription, transfer or team, who did it, when (time and store position), and whether they have
 * read it.
 */
public record InboxItem(
    String id,
    String person,
    String kind,
    String message,
    String product,
    String subscription,
    String transfer,
    String team,
    String actor,
    Instant time,
    long position,
    boolean read) {}
