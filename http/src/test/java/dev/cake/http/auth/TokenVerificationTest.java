package dev.cake.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.algorithms.Algorithm;
import dev.cake.http.testing.TestApi;
import dev.cake.http.testing.TestApi.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every way to forge, stretch or mangle an access token ends in 401 with the error shape. */
class TokenVerificationTest {
  static TestApi api;
  static String userId;
  static Algorithm key;
  static String kid;

  @BeforeAll
  static void start() throws Exception {
    api = new TestApi();
    userId = api.register().at("/user/id").asText();
    String secret = api.config.core().tokens().signingSecret();
    key = Algorithm.HMAC256(secret.getBytes(StandardCharsets.UTF_8));
    kid = HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)), 0, 8);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  /** A token exactly like the server's, changed by {@code edit}. */
  static JWTCreator.Builder valid() {
    Instant now = Instant.now();
    return JWT.create().withKeyId(kid).withIssuer(api.config.core().tokens().issuer())
        .withAudience(api.config.core().tokens().audience()).withSubject(userId).withClaim("role", "user")
        .withIssuedAt(now).withExpiresAt(now.plusSeconds(600)).withJWTId(UUID.randomUUID().toString());
  }

  static void assertRejected(String token) {
    Response r = api.get("/auth/profile", token);
    assertThat(r.status()).as(token).isEqualTo(401);
    assertThat(r.json().get("statusCode").asInt()).isEqualTo(401);
    assertThat(r.json().get("error").asText()).isEqualTo("Unauthorized");
  }

  static String forged(UnaryOperator<JWTCreator.Builder> edit) {
    return edit.apply(valid()).sign(key);
  }

  @Test
  void aTokenBuiltLikeTheServersIsAccepted() {
    assertThat(api.get("/auth/profile", valid().sign(key)).status()).isEqualTo(200);
  }

  @Test
  void algNoneIsRejected() {
    assertRejected(valid().sign(Algorithm.none()));
  }

  @Test
  void aWrongKeyIsRejected() {
    assertRejected(valid().sign(Algorithm.HMAC256("another-secret-that-is-32-bytes-long!!")));
  }

  @Test
  void anotherAlgorithmWithOurKidIsRejected() {
    assertRejected(valid().sign(Algorithm.HMAC512(api.config.core().tokens().signingSecret())));
  }

  @Test
  void expiredIsRejected() {
    assertRejected(forged(b -> b.withIssuedAt(Instant.now().minusSeconds(3600))
        .withExpiresAt(Instant.now().minusSeconds(60))));
  }

  @Test
  void missingRequiredClaimsAreRejected() {
    Instant now = Instant.now();
    var base = JWT.create().withKeyId(kid).withIssuer(api.config.core().tokens().issuer())
        .withAudience(api.config.core().tokens().audience()).withSubject(userId).withClaim("role", "user")
        .withIssuedAt(now).withJWTId("j");
    assertRejected(base.sign(key)); // no exp
    assertRejected(JWT.create().withKeyId(kid).withIssuer(api.config.core().tokens().issuer())
        .withAudience(api.config.core().tokens().audience()).withSubject(userId).withIssuedAt(now)
        .withExpiresAt(now.plusSeconds(60)).withJWTId("j").sign(key)); // no role
    assertRejected(JWT.create().withKeyId(kid).withIssuer(api.config.core().tokens().issuer())
        .withAudience(api.config.core().tokens().audience()).withClaim("role", "user").withIssuedAt(now)
        .withExpiresAt(now.plusSeconds(60)).withJWTId("j").sign(key)); // no sub
  }

  @Test
  void wrongAudienceOrIssuerIsRejected() {
    assertRejected(forged(b -> b.withAudience("someone-else")));
    assertRejected(forged(b -> b.withIssuer("someone-else")));
  }

  @Test
  void unknownKidAndMissingKidAreRejected() {
    assertRejected(forged(b -> b.withKeyId("0000000000000000")));
    assertRejected(forged(b -> b.withKeyId(null)));
  }

  @Test
  void malformedAndMissingTokensAreRejected() {
    assertRejected("not-a-jwt");
    assertRejected(valid().sign(key) + "x");
    Response none = api.get("/auth/profile", null);
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.json().get("message").asText()).isEqualTo("Missing bearer token");
  }

  @Test
  void aForgedAdminRoleNeedsTheKey() {
    assertRejected(valid().withClaim("role", "admin").sign(Algorithm.HMAC256("guess-guess-guess-guess-guess-guess")));
  }
}
