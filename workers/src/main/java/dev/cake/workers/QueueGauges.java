package dev.cake.workers;

import dev.cake.core.event.QueueAdmin;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Queue depth as OpenTelemetry gauges, read at each metric export (no-ops without the agent). */
public final class QueueGauges {
  private static final Logger log = LoggerFactory.getLogger(QueueGauges.class);
  private static final AttributeKey<String> STATE = AttributeKey.stringKey("state");

  private final QueueAdmin queue;

  @Inject
  public QueueGauges(QueueAdmin queue) {
    this.queue = queue;
  }

  public void register() {
    var meter = GlobalOpenTelemetry.getMeter("dev.cake.workers");
    meter.gaugeBuilder("cake.queue.depth").ofLongs().setDescription("jobs by state").buildWithCallback(m -> {
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
}
