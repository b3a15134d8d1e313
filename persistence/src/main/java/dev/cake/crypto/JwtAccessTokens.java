package dev.cake.crypto;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.DecodedJWT;
import dev.cake.core.CakeException;
import dev.cake.core.auth.AccessTokens;
import dev.cake.core.auth.Principal;
import dev.cake.core.auth.Role;
import dev.cake.core.auth.TokenSettings;
import dev.cake.core.auth.User;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Signs and verifies access tokens: HS256 only, {@code kid} names the secret (the first 8 bytes of its SHA-256, so
 * secrets rotate: sign with the newest, verify with any configured), and iss, aud, exp, iat, sub, role and jti are
 * required. Verifiers are built from our keys, never from the token's header, so {@code alg: none} and algorithm
 * substitution fail.
 */
@Singleton
public final class JwtAccessTokens implements AccessTokens {
  private final TokenSettings settings;
  private final Clock clock;
  private final String signingKid;
  private final Algorithm signer;
  private final Map<String, JWTVerifier> verifiers = new LinkedHashMap<>();

  @Inject
  public JwtAccessTokens(TokenSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.signingKid = kid(settings.signingSecret());
    this.signer = Algorithm.HMAC256(settings.signingSecret().getBytes(StandardCharsets.UTF_8));
    for (String secret : settings.secrets()) {
      Algorithm algorithm = Algorithm.HMAC256(secret.getBytes(StandardCharsets.UTF_8));
      JWTVerifier verifier = ((JWTVerifier.BaseVerification) JWT.require(algorithm)
          .withIssuer(settings.issuer())
          .withAudience(settings.audience())
          .withClaimPresence("exp")
          .withClaimPresence("iat")
          .withClaimPresence("sub")
          .withClaimPresence("jti")
          .withClaimPresence("role")
          .acceptLeeway(5))
          .build(clock);
      verifiers.putIfAbsent(kid(secret), verifier);
    }
  }

  @Override
  public Issued issue(User user, UUID session) {
    Instant now = clock.instant();
    Instant expires = now.plus(settings.accessTokenTtl());
    String token = JWT.create()
        .withKeyId(signingKid)
        .withIssuer(settings.issuer())
        .withAudience(settings.audience())
        .withSubject(Long.toString(user.id()))
        .withClaim("role", user.role().value())
        // the session's login time: a cached profile older than this is never served to this token
        .withClaim("lgn", user.latestLogin() == null ? 0L : user.latestLogin().toEpochMilli())
        .withClaim("sid", session.toString())
        .withIssuedAt(now)
        .withExpiresAt(expires)
        .withJWTId(UUID.randomUUID().toString())
        .sign(signer);
    return new Issued(token, settings.accessTokenTtl().toSeconds());
  }

  @Override
  public Principal verify(String token) {
    try {
      DecodedJWT unverified = JWT.decode(token);
      JWTVerifier verifier = unverified.getKeyId() == null ? null : verifiers.get(unverified.getKeyId());
      if (verifier == null) throw new CakeException.NotAuthenticated("Invalid token");
      DecodedJWT jwt = verifier.verify(unverified);
      // present, but possibly not strings: a number or an object reads as null
      String subject = jwt.getSubject();
      String roleName = jwt.getClaim("role").asString();
      if (subject == null || roleName == null) throw new CakeException.NotAuthenticated("Invalid token");
      long userId = Long.parseLong(subject);
      Role role = Role.of(roleName);
      Long loginAt = jwt.getClaim("lgn").asLong();
      String sid = jwt.getClaim("sid").asString();
      return new Principal(userId, role, loginAt == null ? 0L : loginAt, sid == null ? null : UUID.fromString(sid));
    } catch (TokenExpiredException e) {
      throw new CakeException.NotAuthenticated("Token expired");
    } catch (JWTVerificationException | IllegalArgumentException e) {
      throw new CakeException.NotAuthenticated("Invalid token");
    }
  }

  static String kid(String secret) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
