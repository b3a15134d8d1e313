package dev.cake.http.admin;

import dev.cake.core.event.QueueAdmin;
import dev.cake.http.Access;
import dev.cake.http.Routes;
import io.javalin.config.RoutesConfig;
import jakarta.inject.Inject;

/** /admin/events: queue statistics and retry of failed jobs (admins only). */
public final class AdminRoutes implements Routes {
  private final QueueAdmin queue;

  @Inject
  public AdminRoutes(QueueAdmin queue) {
    this.queue = queue;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/admin/events/queue-stats", ctx -> ctx.json(QueueStatsResponse.of(queue.stats())), Access.ADMIN);
    routes.post("/admin/events/retry-failed", ctx -> {
      int retried = queue.retryFailed();
      ctx.json(new RetryResponse(retried, retried));
    }, Access.ADMIN);
  }

  /** The original's {@code retriedCount}, and our {@code retried} (the same number). */
  record RetryResponse(int retriedCount, int retried) {}
}
