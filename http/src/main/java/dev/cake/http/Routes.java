package dev.cake.http;

import io.javalin.config.RoutesConfig;

/**
 * A feature's routes. Every implementation is bound into a set and registered by {@link ApiServer}. Declare an
 * {@link Access} on every route: one without it is not public but needs a valid token ({@link Authentication}).
 */
public interface Routes {
  void register(RoutesConfig routes);
}
