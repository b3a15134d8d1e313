package dev.cake.persistence.postgres.audit;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The audit table: append and read, nothing else (the app's roles may do nothing else). */
public interface AuditDao {
  @SqlUpdate("""
      INSERT INTO audit_log (at, actor, action, target, client_ip, request_id, outcome, detail)
      VALUES (:at, :actor, :action, :target, :clientIp, :requestId, :outcome, :detail)""")
  void insert(Instant at, String actor, String action, String target, String clientIp, String requestId,
              String outcome, String detail);

  /** One row per action, target, client IP and window: the later refusals of the window add nothing. */
  @SqlUpdate("""
      INSERT INTO audit_log (at, actor, action, target, client_ip, request_id, outcome, detail, window_start)
      VALUES (:at, :actor, :action, :target, :clientIp, :requestId, :outcome, :detail, :windowStart)
      ON CONFLICT (action, target, client_ip, window_start) WHERE window_start IS NOT NULL DO NOTHING""")
  int insertOncePerWindow(Instant at, String actor, String action, String target, String clientIp,
                          String requestId, String outcome, String detail, Instant windowStart);

  /** Newest first; every filter optional (null matches all). */
  @SqlQuery("""
      SELECT id, at, actor, action, target, client_ip, request_id, outcome, detail, window_start FROM audit_log
      WHERE (CAST(:actor AS text) IS NULL OR actor = :actor)
        AND (CAST(:action AS text) IS NULL OR action LIKE :action)
        AND (CAST(:target AS text) IS NULL OR target = :target)
        AND (CAST(:requestId AS text) IS NULL OR request_id = :requestId)
        AND (CAST(:since AS timestamptz) IS NULL OR at >= :since)
      ORDER BY id DESC LIMIT :limit""")
  List<AuditRow> find(String actor, String action, String target, String requestId, Instant since, int limit);

  record AuditRow(long id, Instant at, String actor, String action, String target, String clientIp,
                  String requestId, String outcome, String detail, Instant windowStart) {}
}
