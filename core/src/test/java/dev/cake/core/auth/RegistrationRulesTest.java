package dev.cake.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cake.core.CakeException;
import dev.cake.core.FieldError;
import dev.cake.core.phone.PhoneNumbers;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RegistrationRulesTest {
  final RegistrationRules rules = new RegistrationRules(new PhoneNumbers("VN"),
      Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC));

  RegisterForm form(String fullname, String email, String username, String phone, String password, String birthday) {
    return new RegisterForm(fullname, email, username, phone, password, birthday);
  }

  @Test
  void normalisesAValidRegistration() {
    var valid = rules.validate(form("  John Doe ", "John@Example.COM", "john.doe_1", "0912345678", "securepass123",
        "1990-01-01"));
    assertThat(valid.fullname()).isEqualTo("John Doe");
    assertThat(valid.email()).isEqualTo("john@example.com");
    assertThat(valid.phone()).isEqualTo("+84912345678");
    assertThat(valid.birthday()).isEqualTo(LocalDate.of(1990, 1, 1));
  }

  @Test
  void listsEveryBrokenRule() {
    assertThatThrownBy(() -> rules.validate(form(null, null, null, null, null, null)))
        .isInstanceOfSatisfying(CakeException.InvalidInput.class, e -> assertThat(e.errors())
            .extracting(FieldError::field)
            .containsExactly("fullname", "email", "username", "phone", "password", "birthday"));
  }

  @Test
  void enforcesLimits() {
    assertField(form("x".repeat(256), "a@b.co", "abc", "+84912345678", "12345678", "1990-01-01"), "fullname");
    assertField(form("x", "a@b", "abc", "+84912345678", "12345678", "1990-01-01"), "email");
    assertField(form("x", "a@b.co", "ab", "+84912345678", "12345678", "1990-01-01"), "username");
    assertField(form("x", "a@b.co", "a".repeat(51), "+84912345678", "12345678", "1990-01-01"), "username");
    assertField(form("x", "a@b.co", "bad name", "+84912345678", "12345678", "1990-01-01"), "username");
    assertField(form("x", "a@b.co", "abc", "+84912345678", "1234567", "1990-01-01"), "password");
    assertField(form("x", "a@b.co", "abc", "+84912345678", "a".repeat(73), "1990-01-01"), "password");
    assertField(form("x", "a@b.co", "abc", "+84912345678", "12345678", "2026-06-01"), "birthday");
    assertField(form("x", "a@b.co", "abc", "+84912345678", "12345678", "1899-12-31"), "birthday");
    assertField(form("x", "a@b.co", "abc", "+84912345678", "12345678", "01/01/1990"), "birthday");
    // boundaries that pass
    rules.validate(form("x", "a@b.co", "abc", "+84912345678", "a".repeat(72), "1900-01-01"));
    rules.validate(form("x".repeat(255), "a@b.co", "a".repeat(50), "+84912345678", "12345678", "2026-05-31"));
  }

  private void assertField(RegisterForm form, String field) {
    assertThatThrownBy(() -> rules.validate(form))
        .isInstanceOfSatisfying(CakeException.InvalidInput.class,
            e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly(field));
  }
}
