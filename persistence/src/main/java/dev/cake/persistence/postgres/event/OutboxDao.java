package dev.cake.persistence.postgres.event;

import java.time.Instant;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The outbox table. Rows are written only through {@link dev.cake.persistence.event.EventCodec}, so they decode with
 * it. Reads are the SQL constants, run as fluent queries by {@link PostgresOutbox} (docs/ARCHITECTURE.md, "Database
 * reads"); the methods are the writes.
 */
public interface OutboxDao {
  /** {@link OutboxRow}s never published and older than {@code :cutoff}, oldest first; binds {@code limit}. */
  String UNPUBLISHED = """
      SELECT id, topic, payload::text AS payload, traceparent, created_at FROM outbox
      WHERE published_at IS NULL AND processed_at IS NULL AND created_at < :cutoff
      ORDER BY id LIMIT :limit""";

  /** {@link OutboxRow}s published before {@code :cutoff} and not processed, oldest first; binds {@code limit}. */
  String UNPROCESSED = """
      SELECT id, topic, payload::text AS payload, traceparent, created_at FROM outbox
      WHERE processed_at IS NULL AND published_at < :cutoff
      ORDER BY published_at LIMIT :limit""";

  String BACKLOG = "SELECT count(*) FROM outbox WHERE published_at IS NULL AND processed_at IS NULL";

  String IN_FLIGHT = "SELECT count(*) FROM outbox WHERE published_at IS NOT NULL AND processed_at IS NULL";

  @SqlQuery("""
      INSERT INTO outbox (topic, payload, traceparent, created_at)
      VALUES (:topic, CAST(:payload AS jsonb), :traceparent, :at)
      RETURNING id, topic, payload::text AS payload, traceparent, created_at""")
  OutboxRow insert(String topic, String payload, String traceparent, Instant at);

  /** The first publication of a row, or a renewal while it is in flight; a processed row keeps its time. */
  @SqlUpdate("""
      UPDATE outbox SET published_at = :now
      WHERE id = :id AND (published_at IS NULL OR processed_at IS NULL)""")
  int markPublished(long id, Instant now);

  @SqlUpdate("UPDATE outbox SET processed_at = :now WHERE id = :id AND processed_at IS NULL")
  int markProcessed(long id, Instant now);

  /** A row as stored: {@code payload} is the JSON text. */
  record OutboxRow(long id, String topic, String payload, String traceparent, Instant createdAt) {}
}
