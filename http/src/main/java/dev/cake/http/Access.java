package dev.cake.http;

import io.javalin.security.RouteRole;

/** Who may call a route. Declared on each route, enforced once by {@link Authentication}. */
public enum Access implements RouteRole {
  /** No token needed. */
  ANYONE,
  /** A valid access token. */
  USER,
  /** A valid access token with role admin. */
  ADMIN
}
