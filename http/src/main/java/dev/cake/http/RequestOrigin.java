package dev.cake.http;

import dev.cake.core.audit.AuditOrigin;
import io.javalin.http.Context;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Hands the audit trail who acts from where: each request's client IP and request id as it starts (actor
 * {@code anonymous}), its user once {@link Authentication} has proven the token, nothing once it has answered.
 */
@Singleton
public final class RequestOrigin {
  private final AuditOrigin origin;
  private final ClientIp clientIp;

  @Inject
  public RequestOrigin(AuditOrigin origin, ClientIp clientIp) {
    this.origin = origin;
    this.clientIp = clientIp;
  }

  public void begin(Context ctx) {
    origin.set(new AuditOrigin.Origin("anonymous", clientIp.of(ctx), RequestLog.requestId(ctx)));
  }

  public void authenticated(long userId) {
    origin.actor(Long.toString(userId));
  }

  public void end(Context ctx) {
    origin.clear();
  }
}
