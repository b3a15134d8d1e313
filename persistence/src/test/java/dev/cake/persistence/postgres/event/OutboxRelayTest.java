package dev.cake.persistence.postgres.event;

import static dev.cake.persistence.testing.StartGate.concurrently;
import dev.cake.persistence.PersistenceModule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cake.core.event.Event;
import dev.cake.core.event.EventPublisher;
import dev.cake.core.event.FirstLogin;
import dev.cake.persistence.Json;
import dev.cake.persistence.event.EventCodec;
import dev.cake.persistence.redis.RedisKeys;
import dev.cake.persistence.redis.queue.EnvelopeCodec;
import dev.cake.persistence.redis.queue.QueueKeys;
import dev.cake.persistence.redis.queue.RedisEventQueue;
import dev.cake.persistence.testing.TestPersistence;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox relay against real PostgreSQL and Redis: the API's own publish racing two relays (two workers running
 * the exclusive job at once, as when Redis lost the lease) enqueues each event once; after Redis loses its data,
 * redelivery enqueues each unprocessed event once and never a processed one.
 */
class OutboxRelayTest {
  static TestPersistence db;
  static RedisEventQueue queue;
  static QueueKeys keys;
  static PostgresOutbox outbox;
  static EventPublisher publisher;
  static String prefix;
  static final Json json = new Json(PersistenceModule.storageMapper());

  @BeforeAll
  static void setUp() {
    db = new TestPersistence();
    prefix = db.config.redis().keyPrefix() + "relay-test:";
    keys = new QueueKeys(new RedisKeys(prefix));
    queue = new RedisEventQueue(db.redis, keys, new EnvelopeCodec(json, java.time.Clock.systemUTC()));
    outbox = new PostgresOutbox(db.jdbi, json, java.time.Clock.systemUTC());
    publisher = new EventPublisher(queue, outbox);
  }

  @AfterAll
  static void tearDown() {
    wipeRedis();
    db.close();
  }

  @BeforeEach
  void clean() {
    db.jdbi.useHandle(h -> h.execute("UPDATE outbox SET processed_at = now() WHERE processed_at IS NULL"));
    wipeRedis();
  }

  static void wipeRedis() {
    for (String key : db.redis.keys(prefix + "*")) db.redis.del(key);
  }

  static List<Event> insertEvents(int n) {
    var dao = db.jdbi.onDemand(OutboxDao.class);
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Instant now = Instant.now();
      String payload = json.write(EventCodec.encode(new FirstLogin(1_000_000 + i, now)));
      var row = dao.insert(FirstLogin.TOPIC, payload, null, now);
      events.add(new Event(row.id(), EventCodec.decode(row.topic(), json.readObject(row.payload())), 0,
          row.createdAt(), row.traceparent()));
    }
    return events;
  }

  static long count(String sql) {
    return db.jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  @Test
  void theApiAndTwoRelaysPublishingAtOnceEnqueueEachEventOnce() throws Exception {
    List<Event> events = insertEvents(200);
    List<Callable<Object>> tasks = new ArrayList<>();
    tasks.add(() -> publisher.relay(Duration.ZERO, 500));
    tasks.add(() -> publisher.relay(Duration.ZERO, 500));
    for (Event e : events) tasks.add(() -> publisher.publish(e));
    concurrently(tasks);

    assertThat(db.redis.llen(keys.waiting())).isEqualTo(200);
    assertThat(outbox.backlog()).isZero();
    assertThat(outbox.inFlight()).isEqualTo(200);
  }

  @Test
  void afterRedisLosesItsDataEachUnprocessedEventIsEnqueuedAgainOnce() throws Exception {
    List<Event> events = insertEvents(50);
    for (Event e : events) publisher.publish(e);
    // 20 were handled before the loss: their effect and processed_at committed together
    for (Event e : events.subList(0, 20)) outbox.markProcessed(e.id());
    wipeRedis(); // Redis restarted empty: jobs and publish markers gone
    db.jdbi.useHandle(h -> h.execute("UPDATE outbox SET published_at = now() - interval '1 minute'"
        + " WHERE processed_at IS NULL"));

    concurrently(2, () -> publisher.redeliver(Duration.ofSeconds(30), 500));

    assertThat(db.redis.llen(keys.waiting())).isEqualTo(30);
    var waiting = db.redis.lrange(keys.waiting(), 0, -1).stream()
        .map(raw -> ((Number) json.readObject(raw).get("id")).longValue()).sorted().toList();
    assertThat(waiting).isEqualTo(events.subList(20, 50).stream().map(Event::id).sorted().toList());
    // the publication time was renewed: the next round within the interval looks at nothing
    assertThat(publisher.redeliver(Duration.ofSeconds(30), 500)).isZero();
  }

  @Test
  void aRedeliveryCheckWhileRedisStillHasTheJobEnqueuesNothing() {
    List<Event> events = insertEvents(10);
    for (Event e : events) publisher.publish(e);
    db.jdbi.useHandle(h -> h.execute("UPDATE outbox SET published_at = now() - interval '1 minute'"
        + " WHERE processed_at IS NULL"));

    assertThat(publisher.redeliver(Duration.ofSeconds(30), 500)).isEqualTo(10);
    assertThat(db.redis.llen(keys.waiting())).as("a slow queue is not a lost one").isEqualTo(10);
    assertThat(count("SELECT count(*) FROM outbox WHERE processed_at IS NULL"
        + " AND published_at < now() - interval '30 seconds'")).isZero();
  }
}
