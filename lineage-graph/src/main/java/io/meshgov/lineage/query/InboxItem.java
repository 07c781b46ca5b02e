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
    boolean read) {

  /** An item from an {@code InboxItem} node's properties. */
  public static InboxItem of(java.util.Map<String, Object> node) {
    Object time = node.get("time");
    Object read = node.get("read");
    return new InboxItem(
        (String) node.get("id"),
        (String) node.get("person"),
        (String) node.get("kind"),
        (String) node.get("message"),
        (String) node.get("product"),
        (String) node.get("subscription"),
        (String) node.get("transfer"),
        (String) node.get("team"),
        (String) node.get("actor"),
        time == null ? null : Instant.ofEpochMilli(((Number) time).longValue()),
        ((Number) node.get("position")).longValue(),
        Boolean.TRUE.equals(read));
  }
}
