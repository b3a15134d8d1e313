package dev.cake.http.auth;

import dev.cake.core.auth.User;
import dev.cake.http.Wire;
import java.time.Instant;
import java.time.LocalDate;

/** A user on the wire: id as a string, instants in milliseconds, never the password hash. */
public record UserResponse(String id, String fullname, String email, String username, String phone,
                           LocalDate birthday, String role, Instant latestLogin, Instant createdAt,
                           Instant updatedAt) {
  public static UserResponse of(User u) {
    return new UserResponse(Long.toString(u.id()), u.fullname(), u.email(), u.username(), u.phone(), u.birthday(),
        u.role().value(), Wire.millis(u.latestLogin()), Wire.millis(u.createdAt()), Wire.millis(u.updatedAt()));
  }

}
