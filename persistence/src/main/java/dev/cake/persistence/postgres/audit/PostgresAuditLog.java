package dev.cake.persistence.postgres.audit;

import dev.cake.core.audit.AuditEvent;
import dev.cake.core.audit.AuditLog;
import dev.cake.core.audit.AuditOrigin;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The audit trail in PostgreSQL ({@code audit_log}, V20). {@link #write(Handle, AuditEvent)} joins the caller's
 * transaction: the repositories of audited actions write their event in the transaction of the action.
 */
@Singleton
public final class PostgresAuditLog implements AuditLog {
  private final Jdbi jdbi;
  private final AuditOrigin origin;
  private final Clock clock;
  /**
   * Refusals this process already wrote in their window: a flood of one refusal costs one INSERT per window and
   * process, not one per attempt (the unique index keeps one row across processes). Bounded: emptied at 100,000
   * keys (old windows' keys go with it; the unique index still refuses a duplicate after that).
   */
  private final Map<String, Boolean> written = new ConcurrentHashMap<>();

  @Inject
  public PostgresAuditLog(Jdbi jdbi, AuditOrigin origin, Clock clock) {
    this.jdbi = jdbi;
    this.origin = origin;
    this.clock = clock;
  }

  @Override
  public void record(AuditEvent event) {
    jdbi.useHandle(h -> write(h, event));
  }

  /** Writes {@code event} through {@code handle}, inside its transaction when one is open. */
  public void write(Handle handle, AuditEvent event) {
    var o = origin.current();
    handle.attach(AuditDao.class).insert(clock.instant(), o.actor(), event.action(), clip(event.target(), 200),
        clip(o.clientIp(), 64), o.requestId(), outcome(event), clip(event.detail(), 500));
  }

  @Override
  public void recordRefusal(AuditEvent event, Duration window) {
    var o = origin.current();
    Instant now = clock.instant();
    long size = window.toMillis();
    Instant windowStart = Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), size) * size);
    String target = clip(event.target(), 200);
    String ip = clip(o.clientIp(), 64);
    String key = event.action() + '\n' + target + '\n' + ip + '\n' + windowStart;
    if (written.size() > 100_000) written.clear();
    if (written.putIfAbsent(key, Boolean.TRUE) != null) return;
    jdbi.useExtension(AuditDao.class, dao -> dao.insertOncePerWindow(now, o.actor(), event.action(), target, ip,
        o.requestId(), outcome(event), clip(event.detail(), 500), windowStart));
  }

  /** Newest first (bin/admin audit); filters may be null. {@code action} may end with {@code *}. */
  public List<AuditDao.AuditRow> find(String actor, String action, String target, String requestId, Instant since,
                                      int limit) {
    String pattern = action == null ? null : action.replace("%", "\\%").replace("_", "\\_").replace('*', '%');
    return jdbi.withExtension(AuditDao.class, dao -> dao.find(actor, pattern, target, requestId, since, limit));
  }

  private static String outcome(AuditEvent event) {
    return event.outcome().name().toLowerCase(Locale.ROOT);
  }

  private static String clip(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
