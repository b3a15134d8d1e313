package dev.cake.persistence.postgres.event;

import dev.cake.core.event.Event;
import dev.cake.core.event.Outbox;
import dev.cake.persistence.Json;
import dev.cake.persistence.event.EventCodec;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

@Singleton
public final class PostgresOutbox implements Outbox {
  private final OutboxDao dao;
  private final Json json;
  private final Clock clock;

  @Inject
  public PostgresOutbox(Jdbi jdbi, Json json, Clock clock) {
    this.dao = jdbi.onDemand(OutboxDao.class);
    this.json = json;
    this.clock = clock;
  }

  @Override
  public List<Event> unpublished(Duration olderThan, int limit) {
    return dao.unpublished(clock.instant().minus(olderThan), limit).stream().map(this::event).toList();
  }

  @Override
  public List<Event> unprocessed(Duration olderThan, int limit) {
    return dao.unprocessed(clock.instant().minus(olderThan), limit).stream().map(this::event).toList();
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
    return dao.backlog();
  }

  @Override
  public long inFlight() {
    return dao.inFlight();
  }
}
