package dev.cake.workers;

import dev.cake.core.event.QueueAdmin;
import dev.cake.persistence.redis.RedisKeys;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import dev.cake.process.Managed;
import io.opentelemetry.api.metrics.ObservableDoubleGauge;
import io.opentelemetry.api.metrics.ObservableLongGauge;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;

/**
 * Queue, outbox and top-up gauges for OpenTelemetry, read at each metric export or scrape (no-ops without the agent).
 * Every worker reports the same values (they describe shared state): aggregate with max, not sum.
 */
@Singleton
public final class QueueGauges implements Managed {
  private static final Logger log = LoggerFactory.getLogger(QueueGauges.class);
  private static final AttributeKey<String> STATE = AttributeKey.stringKey("state");
  private static final Pattern ENQUEUED_AT = Pattern.compile("\"enqueuedAt\":\"([^\"]+)\"");

  private final QueueAdmin queue;
  private final Jdbi jdbi;
  private final RedisClient redis;
  private final RedisKeys keys;
  private final Clock clock;
  private final List<AutoCloseable> gauges = new ArrayList<>();

  @Inject
  public QueueGauges(QueueAdmin queue, Jdbi jdbi, RedisClient redis, RedisKeys keys, Clock clock) {
    this.queue = queue;
    this.jdbi = jdbi;
    this.redis = redis;
    this.keys = keys;
    this.clock = clock;
  }

  @Override
  public Stage stage() {
    return Stage.FEEDS;
  }

  /** Registers the gauges' callbacks with the OpenTelemetry meter. */
  @Override
  public synchronized void start() {
    var meter = GlobalOpenTelemetry.getMeter("dev.cake.workers");
    gauges.add(meter.gaugeBuilder("cake.queue.depth").ofLongs().setDescription("jobs by state").buildWithCallback(m -> {
      try {
        var s = queue.stats();
        m.record(s.waiting(), Attributes.of(STATE, "waiting"));
        m.record(s.processing(), Attributes.of(STATE, "processing"));
        m.record(s.delayed(), Attributes.of(STATE, "delayed"));
        m.record(s.failed(), Attributes.of(STATE, "failed"));
        m.record(s.outboxBacklog(), Attributes.of(STATE, "outbox"));
        m.record(s.outboxInFlight(), Attributes.of(STATE, "outbox_in_flight"));
      } catch (RuntimeException e) {
        log.debug("queue depth not available: {}", e.toString());
      }
    }));
    gauges.add(meter.gaugeBuilder("cake.workers.alive").ofLongs().setDescription("workers with a live heartbeat")
        .buildWithCallback(m -> read("workers alive", () -> m.record(queue.stats().workersAlive()))));
    gauges.add(meter.gaugeBuilder("cake.queue.oldest_waiting.age").setUnit("s")
        .setDescription("age of the oldest event no worker has taken yet (0 when none waits)")
        .buildWithCallback(m -> read("oldest waiting event", () -> oldestWaiting(m))));
    gauges.add(meter.gaugeBuilder("cake.outbox.unprocessed").ofLongs()
        .setDescription("outbox rows whose effect is not committed yet")
        .buildWithCallback(m -> read("outbox", () -> m.record(count("outbox WHERE processed_at IS NULL")))));
    gauges.add(meter.gaugeBuilder("cake.outbox.oldest_unprocessed.age").setUnit("s")
        .setDescription("age of the oldest outbox row not processed yet (0 when none)")
        .buildWithCallback(m -> read("outbox age", () -> m.record(age("outbox WHERE processed_at IS NULL")))));
    gauges.add(meter.gaugeBuilder("cake.topups.pending").ofLongs().setDescription("top-ups waiting for settlement")
        .buildWithCallback(m -> read("pending top-ups", () -> m.record(count("topups WHERE status = 'pending'")))));
    gauges.add(meter.gaugeBuilder("cake.topups.pending.oldest.age").setUnit("s")
        .setDescription("age of the oldest pending top-up (0 when none)")
        .buildWithCallback(m -> read("pending top-up age", () -> m.record(age("topups WHERE status = 'pending'")))));
  }

  @Override
  public synchronized void stop() {
    for (AutoCloseable gauge : gauges) {
      try {
        gauge.close();
      } catch (Exception e) {
        log.debug("gauge not closed: {}", e.toString());
      }
    }
    gauges.clear();
  }

  private long count(String fromWhere) {
    return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM " + fromWhere).mapTo(Long.class).one());
  }

  private double age(String fromWhere) {
    return jdbi.withHandle(h -> h.createQuery(
        "SELECT coalesce(extract(epoch FROM :now - min(created_at)), 0) FROM " + fromWhere)
        .bind("now", clock.instant()).mapTo(Double.class).one());
  }

  /** The queue is LPUSH in, taken from the right: the rightmost envelope has waited longest. */
  private void oldestWaiting(ObservableDoubleMeasurement m) {
    String raw = redis.lindex(keys.key("q:events"), -1);
    var matcher = raw == null ? null : ENQUEUED_AT.matcher(raw);
    if (matcher == null || !matcher.find()) {
      m.record(0);
      return;
    }
    m.record(Math.max(0, Duration.between(Instant.parse(matcher.group(1)), clock.instant()).toMillis() / 1000.0));
  }

  private static void read(String what, Runnable reading) {
    try {
      reading.run();
    } catch (RuntimeException e) {
      log.debug("{} not available: {}", what, e.toString());
    }
  }
}
