package dev.cake.http.auth;

import dev.cake.core.auth.User;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/** A user on the wire: id as a string, instants in milliseconds, never the password hash. */
public record UserResponse(String id, String fullname, String email, String username, String phone,
                           LocalDate birthday, String role, Instant latestLogin, Instant createdAt,
                           Instant updatedAt) {
  public static UserResponse of(User u) {
    return new UserResponse(Long.toString(u.id()), u.fullname(), u.email(), u.username(), u.phone(), u.birthday(),
        u.role().value(), millis(u.latestLogin()), millis(u.createdAt()), millis(u.updatedAt()));
  }

  private static Instant millis(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS);
  }
}
