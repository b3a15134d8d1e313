package dev.cake.persistence.postgres.event;

import dev.cake.core.event.Event;
import dev.cake.persistence.Json;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterRowMapper(OutboxDao.EventMapper.class)
public interface OutboxDao {
  @SqlQuery("""
      INSERT INTO outbox (topic, payload, traceparent) VALUES (:topic, CAST(:payload AS jsonb), :traceparent)
      RETURNING id, topic, payload::text AS payload, traceparent, created_at""")
  Event insert(@Bind("topic") String topic, @Bind("payload") String payload,
               @Bind("traceparent") String traceparent);

  @SqlQuery("""
      SELECT id, topic, payload::text AS payload, traceparent, created_at FROM outbox
      WHERE published_at IS NULL AND created_at < now() - make_interval(secs => :seconds)
      ORDER BY id LIMIT :limit""")
  List<Event> unpublished(@Bind("seconds") double seconds, @Bind("limit") int limit);

  @SqlUpdate("UPDATE outbox SET published_at = now() WHERE id = :id AND published_at IS NULL")
  int markPublished(@Bind("id") long id);

  @SqlQuery("SELECT count(*) FROM outbox WHERE published_at IS NULL")
  long backlog();

  final class EventMapper implements org.jdbi.v3.core.mapper.RowMapper<Event> {
    @Override
    public Event map(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
        throws java.sql.SQLException {
      return new Event(rs.getLong("id"), rs.getString("topic"), Json.readObject(rs.getString("payload")), 0,
          rs.getTimestamp("created_at").toInstant(), rs.getString("traceparent"));
    }
  }
}
