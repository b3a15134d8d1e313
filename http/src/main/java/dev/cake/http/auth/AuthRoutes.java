package dev.cake.http.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cake.core.auth.LoginService;
import dev.cake.core.auth.RegisterForm;
import dev.cake.core.auth.SessionService;
import dev.cake.http.Access;
import dev.cake.http.Authentication;
import dev.cake.http.ClientIp;
import dev.cake.http.JsonBody;
import dev.cake.http.Routes;
import io.javalin.config.RoutesConfig;
import jakarta.inject.Inject;

/** /auth: register, login, profile, refresh, logout. */
public final class AuthRoutes implements Routes {
  private final LoginService logins;
  private final SessionService sessions;
  private final ProfileReader profiles;
  private final JsonBody body;
  private final ClientIp clientIp;

  private final Authentication authentication;

  @Inject
  public AuthRoutes(LoginService logins, SessionService sessions, ProfileReader profiles, JsonBody body, ClientIp clientIp,
                    Authentication authentication) {
    this.authentication = authentication;
    this.clientIp = clientIp;
    this.logins = logins;
    this.sessions = sessions;
    this.profiles = profiles;
    this.body = body;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.post("/auth/register", ctx -> {
      var result = logins.register(body.read(ctx, RegisterForm.class), clientIp.of(ctx));
      ctx.status(201).json(TokenResponse.of(result));
    }, Access.ANYONE);

    routes.post("/auth/login", ctx -> {
      var request = body.read(ctx, LoginRequest.class);
      ctx.json(TokenResponse.of(logins.login(request.account(), request.password(), clientIp.of(ctx))));
    }, Access.ANYONE);

    routes.get("/auth/profile", ctx -> {
      byte[] json = profiles.profileJson(Authentication.principal(ctx));
      ctx.header("Cache-Control", "private, max-age=300"); // the original's: the app may keep its own profile 5 min
      ctx.contentType("application/json").result(json);
    }, Access.USER);

    // Two forms: ours (a refresh token in the body, rotated) and the original's (the access token as Bearer, no body),
    // which re-signs the access token while its session lives (docs/API.md "Refresh").
    routes.post("/auth/refresh", ctx -> {
      if (isBlank(ctx.bodyAsBytes())) {
        var result = sessions.refreshAccess(authentication.authenticate(ctx));
        ctx.json(new AccessTokenResponse(result.accessToken(), "Bearer", result.expiresInSeconds()));
        return;
      }
      var request = body.read(ctx, RefreshRequest.class);
      ctx.json(TokenResponse.of(sessions.refresh(request.refreshToken())));
    }, Access.ANYONE);

    routes.post("/auth/logout", ctx -> {
      var request = body.read(ctx, RefreshRequest.class);
      sessions.logout(Authentication.principal(ctx), request.refreshToken());
      ctx.status(204);
    }, Access.USER);
  }

  private static boolean isBlank(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') return false;
    }
    return true;
  }

  /** The original refresh form's answer: a new access token only (the session's refresh token is unchanged). */
  record AccessTokenResponse(@JsonProperty("access_token") String accessToken,
                             @JsonProperty("token_type") String tokenType,
                             @JsonProperty("expires_in") long expiresIn) {}
}
