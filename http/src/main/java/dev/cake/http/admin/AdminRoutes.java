package dev.cake.http.admin;

import dev.cake.core.event.QueueAdmin;
import dev.cake.http.Access;
import dev.cake.http.Routes;
import io.javalin.config.RoutesConfig;
import jakarta.inject.Inject;
import java.util.Map;

/** /admin/events: queue statistics and retry of failed jobs (admins only). */
public final class AdminRoutes implements Routes {
  private final QueueAdmin queue;

  @Inject
  public AdminRoutes(QueueAdmin queue) {
    this.queue = queue;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/admin/events/queue-stats", ctx -> ctx.json(queue.stats()), Access.ADMIN);
    routes.post("/admin/events/retry-failed", ctx -> ctx.json(Map.of("retried", queue.retryFailed())),
        Access.ADMIN);
  }
}
