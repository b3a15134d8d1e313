package dev.cake.core.audit;

import java.time.Duration;

/**
 * The append-only audit trail (port). An action that has a transaction of its own writes its event inside it (the
 * repositories take the {@link AuditEvent}); these two are for the rest.
 */
public interface AuditLog {
  /** Records {@code event} now, in a transaction of its own (an action outside the database: jobs retried). */
  void record(AuditEvent event);

  /**
   * Records a refusal at most once per {@code window} for the same action, target and client IP: an attack repeats
   * the same refusal thousands of times and must not fill the table (docs/SECURITY.md, "Audit trail").
   */
  void recordRefusal(AuditEvent event, Duration window);
}
