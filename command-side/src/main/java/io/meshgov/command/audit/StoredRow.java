package io.meshgov.command.audit;

/**
 * One row of the event store exactly as stored: what a chain link covers.
 *
 * @param position the global index
 * @param timeStamp the stored text of the event's time
 * @param payload the serialized payload, byte for byte
 * @param metaData the serialized metadata (actor, reason, correlation...), byte for byte; may be
 *     null
 */
public record StoredRow(
    long position,
    String eventIdentifier,
    String aggregateId,
    long sequence,
    String type,
    String payloadType,
    String payloadRevision,
    String timeStamp,
    byte[] payload,
    byte[] metaData) {}
