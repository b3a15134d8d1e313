package dev.cake.http.topup;

import dev.cake.core.CakeException;
import dev.cake.core.topup.TopupForm;
import dev.cake.core.topup.TopupService;
import dev.cake.http.Access;
import dev.cake.http.Authentication;
import dev.cake.http.JsonBody;
import dev.cake.http.Routes;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import jakarta.inject.Inject;

/** POST /promotions/topup (Idempotency-Key aware) and GET /promotions/topups (the caller's history). */
public final class TopupRoutes implements Routes {
  private final TopupService topups;
  private final JsonBody body;

  @Inject
  public TopupRoutes(TopupService topups, JsonBody body) {
    this.topups = topups;
    this.body = body;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.post("/promotions/topup", ctx -> {
      var outcome = topups.topup(Authentication.principal(ctx).userId(), body.read(ctx, TopupForm.class),
          ctx.header("Idempotency-Key"));
      if (outcome.replayed()) ctx.header("Idempotent-Replayed", "true");
      ctx.json(TopupResponse.of(outcome.topup()));
    }, Access.USER);

    routes.get("/promotions/topups", ctx -> {
      Long limit = longParam(ctx, "limit");
      Long before = longParam(ctx, "before");
      int size = limit == null ? 20 : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, limit));
      var page = topups.history(Authentication.principal(ctx).userId(), before, size);
      ctx.json(TopupHistoryResponse.of(page, size));
    }, Access.USER);
  }

  private static Long longParam(Context ctx, String name) {
    String raw = ctx.queryParam(name);
    if (raw == null || raw.isBlank()) return null;
    try {
      return Long.parseLong(raw.strip());
    } catch (NumberFormatException e) {
      throw new CakeException.InvalidInput(name, name + " must be an integer");
    }
  }
}
