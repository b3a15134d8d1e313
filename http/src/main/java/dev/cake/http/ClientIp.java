package dev.cake.http;

import dev.cake.core.limits.RateLimitSettings;
import io.javalin.http.Context;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * The caller's IP for abuse limits: the socket's peer, or the first X-Forwarded-For entry when
 * CAKE_TRUST_X_FORWARDED_FOR is on (only behind a proxy we run, which overwrites the header).
 */
@Singleton
public final class ClientIp {
  private final boolean trustForwardedFor;

  @Inject
  public ClientIp(RateLimitSettings settings) {
    this.trustForwardedFor = settings.trustForwardedFor();
  }

  public String of(Context ctx) {
    if (trustForwardedFor) {
      String forwarded = ctx.header("X-Forwarded-For");
      if (forwarded != null && !forwarded.isBlank()) return forwarded.split(",", 2)[0].strip();
    }
    return ctx.req().getRemoteAddr();
  }
}
