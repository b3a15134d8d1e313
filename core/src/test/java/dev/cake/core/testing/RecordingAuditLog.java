package dev.cake.core.testing;

import dev.cake.core.audit.AuditEvent;
import dev.cake.core.audit.AuditLog;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An {@link AuditLog} for core unit tests: keeps what it was given (the Postgres adapter is tested on its own). */
public final class RecordingAuditLog implements AuditLog {
  public final List<AuditEvent> events = new CopyOnWriteArrayList<>();

  @Override
  public void record(AuditEvent event) {
    events.add(event);
  }

  @Override
  public void recordRefusal(AuditEvent event, Duration window) {
    events.add(event);
  }
}
