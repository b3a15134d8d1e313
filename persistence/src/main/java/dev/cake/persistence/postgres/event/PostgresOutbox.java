package dev.cake.persistence.postgres.event;

import dev.cake.core.event.Event;
import dev.cake.core.event.Outbox;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

@Singleton
public final class PostgresOutbox implements Outbox {
  private final OutboxDao dao;

  @Inject
  public PostgresOutbox(Jdbi jdbi) {
    this.dao = jdbi.onDemand(OutboxDao.class);
  }

  @Override
  public List<Event> unpublished(Duration olderThan, int limit) {
    return dao.unpublished(olderThan.toMillis() / 1000.0, limit);
  }

  @Override
  public List<Event> unprocessed(Duration olderThan, int limit) {
    return dao.unprocessed(olderThan.toMillis() / 1000.0, limit);
  }

  @Override
  public void markPublished(long id) {
    dao.markPublished(id);
  }

  @Override
  public void markProcessed(long id) {
    dao.markProcessed(id);
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
