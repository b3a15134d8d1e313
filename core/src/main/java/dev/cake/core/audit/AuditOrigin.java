package dev.cake.core.audit;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Who is acting, from where, in which request: set by the HTTP layer for each request (client IP and request id,
 * then the authenticated user), by {@code bin/admin} for the process ({@code cli:<os user>}), read by the audit
 * adapter. One per process; the value is per thread (a request runs on one virtual thread).
 */
@Singleton
public final class AuditOrigin {
  /** {@code actor}: a user id, {@code cli:<os user>}, {@code anonymous} or {@code system}. */
  public record Origin(String actor, String clientIp, String requestId) {
    public Origin withActor(String newActor) {
      return new Origin(newActor, clientIp, requestId);
    }
  }

  private static final Origin SYSTEM = new Origin("system", null, null);

  private final ThreadLocal<Origin> current = new ThreadLocal<>();
  private volatile Origin processDefault = SYSTEM;

  @Inject
  public AuditOrigin() {}

  public Origin current() {
    Origin origin = current.get();
    return origin == null ? processDefault : origin;
  }

  /** The origin of everything this thread does until {@link #clear()}. */
  public void set(Origin origin) {
    current.set(origin);
  }

  /** The acting user, once the request is authenticated. */
  public void actor(String actor) {
    current.set(current().withActor(actor));
  }

  public void clear() {
    current.remove();
  }

  /** The origin of threads that set none (the ops CLI: {@code cli:<os user>}). */
  public void processDefault(Origin origin) {
    this.processDefault = origin;
  }
}
