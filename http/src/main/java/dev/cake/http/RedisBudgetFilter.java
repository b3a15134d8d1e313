package dev.cake.http;

import dev.cake.persistence.PersistenceSettings.RedisSettings;
import dev.cake.persistence.redis.RedisBudget;
import io.javalin.config.RoutesConfig;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * Every request starts with a fresh {@link RedisBudget} ({@code CAKE_REDIS_REQUEST_BUDGET}, default the Redis
 * timeout, 500 ms): however many Redis calls a request makes, together they wait at most that long on a hung Redis.
 */
public final class RedisBudgetFilter implements Routes {
  private final Duration budget;

  @Inject
  RedisBudgetFilter(RedisSettings settings) {
    this.budget = settings.requestBudget();
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.before(ctx -> RedisBudget.start(budget));
  }
}
