package io.meshgov.api;

/**
 * A member's role in a team. Every member may act for the team's products; leads also add and
 * remove members and change roles, and a team keeps at least one lead.
 */
public enum TeamRole {
  LEAD,
  MEMBER
}
