package io.meshgov.command.audit;

/**
 * The answer of a verification: intact up to a position, or the first break and what is wrong.
 *
 * @param checkedUpTo the last position found intact (-1: none)
 * @param checkpoint the newest checkpoint that was checked and held (null: none)
 */
public record VerificationResult(
    boolean intact, long checkedUpTo, long eventsChecked, Long checkpoint, Break firstBreak) {

  /** Where the history first differs from what was chained and signed. */
  public record Break(long position, String aggregateId, Long sequence, String problem) {}
}
