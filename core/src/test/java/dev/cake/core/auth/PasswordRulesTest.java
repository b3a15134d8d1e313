package dev.cake.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordRulesTest {
  @Test
  void countsCharactersForTheMinimumAndBytesForTheMaximum() {
    assertThat(PasswordRules.check("1234567")).isPresent();
    assertThat(PasswordRules.check("12345678")).isEmpty();
    assertThat(PasswordRules.check("ééééééé€")).isEmpty(); // 8 characters, 17 bytes
    assertThat(PasswordRules.check("a".repeat(72))).isEmpty();
    assertThat(PasswordRules.check("a".repeat(71) + "é")).get().asString().contains("72 bytes");
  }

  @Test
  void bcryptHashesVerifyAndRejectOtherPasswords() {
    var hasher = new BcryptPasswordHasher(new PasswordSettings(4, 2, java.time.Duration.ofSeconds(30)));
    String hash = hasher.hash("correct-horse");
    assertThat(hash).startsWith("$2b$04$").hasSize(60);
    assertThat(hasher.verify("correct-horse", hash)).isTrue();
    assertThat(hasher.verify("wrong-horse", hash)).isFalse();
    assertThat(hasher.hash("correct-horse")).isNotEqualTo(hash); // salted
  }
}
