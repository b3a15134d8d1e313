package dev.cake.http.auth;

import dev.cake.core.auth.AuthService;
import dev.cake.core.auth.RegisterForm;
import dev.cake.http.Access;
import dev.cake.http.Authentication;
import dev.cake.http.ClientIp;
import dev.cake.http.JsonBody;
import dev.cake.http.Routes;
import io.javalin.config.RoutesConfig;
import jakarta.inject.Inject;

/** /auth: register, login, profile, refresh, logout. */
public final class AuthRoutes implements Routes {
  private final AuthService auth;
  private final ProfileReader profiles;
  private final JsonBody body;
  private final ClientIp clientIp;

  @Inject
  public AuthRoutes(AuthService auth, ProfileReader profiles, JsonBody body, ClientIp clientIp) {
    this.clientIp = clientIp;
    this.auth = auth;
    this.profiles = profiles;
    this.body = body;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.post("/auth/register", ctx -> {
      var result = auth.register(body.read(ctx, RegisterForm.class), clientIp.of(ctx));
      ctx.status(201).json(TokenResponse.of(result));
    }, Access.ANYONE);

    routes.post("/auth/login", ctx -> {
      var request = body.read(ctx, LoginRequest.class);
      ctx.json(TokenResponse.of(auth.login(request.account(), request.password(), clientIp.of(ctx))));
    }, Access.ANYONE);

    routes.get("/auth/profile", ctx -> {
      byte[] json = profiles.profileJson(Authentication.principal(ctx));
      ctx.contentType("application/json").result(json);
    }, Access.USER);

    routes.post("/auth/refresh", ctx -> {
      var request = body.read(ctx, RefreshRequest.class);
      ctx.json(TokenResponse.of(auth.refresh(request.refreshToken())));
    }, Access.ANYONE);

    routes.post("/auth/logout", ctx -> {
      var request = body.read(ctx, RefreshRequest.class);
      auth.logout(Authentication.principal(ctx), request.refreshToken());
      ctx.status(204);
    }, Access.USER);
  }
}
