package io.meshgov.lineage.query;

import java.time.Instant;
import java.util.List;

/** A team now: its current members and the products it owns. */
public record TeamSummary(
    String id, String name, String domain, List<Member> members, List<String> products) {

  public record Member(String person, String role, Instant since) {}
}
