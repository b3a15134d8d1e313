package dev.cake.workers;

import dev.cake.core.event.QueueAdmin;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.ObservableLongGauge;
import dev.cake.process.Managed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Queue depth as OpenTelemetry gauges, read at each metric export (no-ops without the agent). */
@Singleton
public final class QueueGauges implements Managed {
  private static final Logger log = LoggerFactory.getLogger(QueueGauges.class);
  private static final AttributeKey<String> STATE = AttributeKey.stringKey("state");

  private final QueueAdmin queue;
  private ObservableLongGauge gauge;

  @Inject
  public QueueGauges(QueueAdmin queue) {
    this.queue = queue;
  }

  @Override
  public Stage stage() {
    return Stage.FEEDS;
  }

  /** Registers the gauge's callback with the OpenTelemetry meter. */
  @Override
  public synchronized void start() {
    var meter = GlobalOpenTelemetry.getMeter("dev.cake.workers");
    gauge = meter.gaugeBuilder("cake.queue.depth").ofLongs().setDescription("jobs by state").buildWithCallback(m -> {
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
    });
  }

  @Override
  public synchronized void stop() {
    if (gauge != null) gauge.close();
    gauge = null;
  }
}
