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
}
