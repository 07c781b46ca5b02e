package io.meshgov.api;

/** A member's role in a team. Every member may act for the team; the lead is informational. */
public enum TeamRole {
  LEAD,
  MEMBER
}
