package dev.cake.persistence.postgres.event;

import dev.cake.core.event.Event;
import dev.cake.core.event.Outbox;
import dev.cake.persistence.Json;
import dev.cake.persistence.event.EventCodec;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Reads are fluent queries over {@link OutboxDao}'s SQL constants (docs/ARCHITECTURE.md, "Database reads"); the
 * marks, single writes, call the on-demand DAO.
 */
@Singleton
public final class PostgresOutbox implements Outbox {
  private final Jdbi jdbi;
  private final OutboxDao dao;
  private final Json json;
  private final Clock clock;

  @Inject
  public PostgresOutbox(Jdbi jdbi, Json json, Clock clock) {
    this.jdbi = jdbi;
    this.dao = jdbi.onDemand(OutboxDao.class);
    this.json = json;
    this.clock = clock;
  }

  @Override
  public List<Event> unpublished(Duration olderThan, int limit) {
    return rows(OutboxDao.UNPUBLISHED, clock.instant().minus(olderThan), limit);
  }

  @Override
  public List<Event> unprocessed(Duration olderThan, int limit) {
    return rows(OutboxDao.UNPROCESSED, clock.instant().minus(olderThan), limit);
  }

  private List<Event> rows(String sql, Instant cutoff, int limit) {
    return jdbi.withHandle(h -> h.createQuery(sql).bind("cutoff", cutoff).bind("limit", limit)
        .mapTo(OutboxDao.OutboxRow.class).list()).stream().map(this::event).toList();
  }

  /** A stored row as the queue carries it, before any attempt. */
  private Event event(OutboxDao.OutboxRow row) {
    return new Event(row.id(), EventCodec.decode(row.topic(), json.readObject(row.payload())), 0, row.createdAt(),
        row.traceparent());
  }

  @Override
  public void markPublished(long id) {
    dao.markPublished(id, clock.instant());
  }

  @Override
  public void markProcessed(long id) {
    dao.markProcessed(id, clock.instant());
  }

  @Override
  public long backlog() {
    return count(OutboxDao.BACKLOG);
  }

  @Override
  public long inFlight() {
    return count(OutboxDao.IN_FLIGHT);
  }

  private long count(String sql) {
    return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }
}
