package dev.cake.http;

import io.javalin.config.RoutesConfig;

/** A feature's routes. Every implementation is bound into a set and registered by {@link ApiServer}. */
public interface Routes {
  void register(RoutesConfig routes);
}
