package dev.cake.persistence.postgres.event;

import dev.cake.core.event.Event;
import dev.cake.persistence.Json;
import dev.cake.persistence.event.EventCodec;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterRowMapper(OutboxDao.EventMapper.class)
public interface OutboxDao {
  @SqlQuery("""
      INSERT INTO outbox (topic, payload, traceparent) VALUES (:topic, CAST(:payload AS jsonb), :traceparent)
      RETURNING id, topic, payload::text AS payload, traceparent, created_at""")
  Event insert(String topic, String payload, String traceparent);

  @SqlQuery("""
      SELECT id, topic, payload::text AS payload, traceparent, created_at FROM outbox
      WHERE published_at IS NULL AND processed_at IS NULL AND created_at < now() - make_interval(secs => :seconds)
      ORDER BY id LIMIT :limit""")
  List<Event> unpublished(double seconds, int limit);

  @SqlQuery("""
      SELECT id, topic, payload::text AS payload, traceparent, created_at FROM outbox
      WHERE processed_at IS NULL AND published_at < now() - make_interval(secs => :seconds)
      ORDER BY published_at LIMIT :limit""")
  List<Event> unprocessed(double seconds, int limit);

  /** The first publication of a row, or a renewal while it is in flight; a processed row keeps its time. */
  @SqlUpdate("""
      UPDATE outbox SET published_at = now()
      WHERE id = :id AND (published_at IS NULL OR processed_at IS NULL)""")
  int markPublished(long id);

  @SqlUpdate("UPDATE outbox SET processed_at = now() WHERE id = :id AND processed_at IS NULL")
  int markProcessed(long id);

  @SqlQuery("SELECT count(*) FROM outbox WHERE published_at IS NULL AND processed_at IS NULL")
  long backlog();

  @SqlQuery("SELECT count(*) FROM outbox WHERE published_at IS NOT NULL AND processed_at IS NULL")
  long inFlight();

  /** Rows are written only through {@link EventCodec}, so they decode with it. */
  final class EventMapper implements RowMapper<Event> {
    @Override
    public Event map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Event(rs.getLong("id"),
          EventCodec.decode(rs.getString("topic"), Json.readObject(rs.getString("payload"))), 0,
          rs.getTimestamp("created_at").toInstant(), rs.getString("traceparent"));
    }
  }
}
