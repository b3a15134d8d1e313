package dev.cake.core.audit;

/**
 * One use of power or one security decision (docs/SECURITY.md, "Audit trail"): {@code action} such as
 * {@code campaign.created}, {@code target} what it was done to ({@code campaign:12}, {@code user:7},
 * {@code account:alice}), and whether it happened or was refused. Who, from where and in which request come from the
 * {@link AuditOrigin} of the thread that records it.
 */
public record AuditEvent(String action, String target, Outcome outcome, String detail) {
  public enum Outcome { SUCCESS, REFUSED }

  public static AuditEvent success(String action, String target) {
    return new AuditEvent(action, target, Outcome.SUCCESS, null);
  }

  public static AuditEvent refused(String action, String target) {
    return new AuditEvent(action, target, Outcome.REFUSED, null);
  }

  public AuditEvent withTarget(String newTarget) {
    return new AuditEvent(action, newTarget, outcome, detail);
  }

  public AuditEvent withDetail(String newDetail) {
    return new AuditEvent(action, target, outcome, newDetail);
  }
}
