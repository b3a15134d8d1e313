package dev.cake.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import dev.cake.core.CakeException;
import dev.cake.core.auth.AccessTokens;
import dev.cake.core.auth.Principal;
import dev.cake.core.auth.Role;
import dev.cake.core.auth.TokenSettings;
import dev.cake.core.auth.User;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class JwtAccessTokensTest {
  static final String OLD = "old-secret-old-secret-old-secret-old!";
  static final String NEW = "new-secret-new-secret-new-secret-new!";
  static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  static final User ALICE = new User(42, "Alice", "a@b.co", "alice", null, null, Role.ADMIN, null, NOW, NOW);
  static final java.util.UUID SESSION = java.util.UUID.fromString("7d0c4c1e-2f0b-4a44-9b56-7a1f8c3d2e10");

  static AccessTokens tokens(List<String> secrets, Instant now) {
    return new JwtAccessTokens(new TokenSettings(secrets, "cake-system", "cake-api", Duration.ofMinutes(15),
        Duration.ofDays(30)), Clock.fixed(now, ZoneOffset.UTC));
  }

  @Test
  void issuesAVerifiableTokenWithEveryRequiredClaim() {
    var issued = tokens(List.of(NEW), NOW).issue(ALICE, SESSION);
    assertThat(issued.expiresInSeconds()).isEqualTo(900);
    var jwt = JWT.decode(issued.token());
    assertThat(jwt.getAlgorithm()).isEqualTo("HS256");
    assertThat(jwt.getKeyId()).hasSize(16);
    assertThat(jwt.getSubject()).isEqualTo("42");
    assertThat(jwt.getClaim("role").asString()).isEqualTo("admin");
    assertThat(jwt.getId()).isNotBlank();
    assertThat(tokens(List.of(NEW), NOW).verify(issued.token())).isEqualTo(new Principal(42, Role.ADMIN, 0, SESSION));
  }

  @Test
  void rotatedSecretsStillVerifyUntilRemoved() {
    String oldToken = tokens(List.of(OLD), NOW).issue(ALICE, SESSION).token();
    assertThat(tokens(List.of(NEW, OLD), NOW).verify(oldToken).userId()).isEqualTo(42);
    assertThatThrownBy(() -> tokens(List.of(NEW), NOW).verify(oldToken))
        .isInstanceOf(CakeException.NotAuthenticated.class);
  }

  @Test
  void expiresAfterTheLifetime() {
    String token = tokens(List.of(NEW), NOW).issue(ALICE, SESSION).token();
    assertThat(tokens(List.of(NEW), NOW.plus(Duration.ofMinutes(14))).verify(token).userId()).isEqualTo(42);
    assertThatThrownBy(() -> tokens(List.of(NEW), NOW.plus(Duration.ofMinutes(16))).verify(token))
        .isInstanceOf(CakeException.NotAuthenticated.class).hasMessage("Token expired");
  }
}
