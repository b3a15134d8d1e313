package dev.cake.http;

import dev.cake.core.CakeException;
import dev.cake.core.auth.AccessTokens;
import dev.cake.core.auth.Principal;
import io.javalin.http.Context;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Set;

/** Enforces each route's {@link Access}: 401 without a valid bearer token, 403 with the wrong role. */
@Singleton
public final class Authentication {
  private static final String PRINCIPAL = "cake.principal";

  private final AccessTokens tokens;
  private final RequestOrigin origin;

  @Inject
  public Authentication(AccessTokens tokens, RequestOrigin origin) {
    this.tokens = tokens;
    this.origin = origin;
  }

  /**
   * Runs before every matched route. Fails closed: a route is public only when it declares {@link Access#ANYONE};
   * one declared without an access level, or with a role that is not an {@link Access}, needs a valid token.
   */
  public void check(Context ctx) {
    Set<?> roles = ctx.routeRoles();
    if (roles.contains(Access.ANYONE)) return;
    Principal principal = authenticate(ctx);
    if (roles.contains(Access.ADMIN) && !principal.isAdmin()) {
      throw new CakeException.NotAllowed("Admin role required");
    }
  }

  /** The caller of a route declared USER or ADMIN. */
  public static Principal principal(Context ctx) {
    Principal principal = ctx.attribute(PRINCIPAL);
    if (principal == null) throw new IllegalStateException("route is not declared USER or ADMIN");
    return principal;
  }

  /** True when a public route's caller sent a valid admin token; any other caller (or a bad token) is anonymous. */
  public boolean isAdmin(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) return false;
    try {
      return tokens.verify(header.substring(7).strip()).isAdmin();
    } catch (CakeException.NotAuthenticated e) {
      return false;
    }
  }

  /** The caller proven by the request's bearer token, on any route; 401 without a valid one. */
  public Principal authenticate(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null || header.isBlank()) {
      throw new CakeException.NotAuthenticated("Missing bearer token");
    }
    if (header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new CakeException.NotAuthenticated("Authorization header must be 'Bearer <token>'");
    }
    Principal principal = tokens.verify(header.substring(7).strip());
    ctx.attribute(PRINCIPAL, principal);
    origin.authenticated(principal.userId());
    return principal;
  }
}
