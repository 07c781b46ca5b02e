package io.meshgov.lineage.query;

import java.util.List;

/**
 * A domain now: who owns it, its teams, and the products named in it (by id: a product keeps its
 * domain's name when it moves to a team of another domain). Domains known only from the teams of
 * older stores have no name and no owners.
 */
public record DomainSummary(
    String id,
    String name,
    String description,
    List<String> owners,
    List<String> teams,
    List<String> products) {}
