package dev.cake.core.testing;

import dev.cake.core.CakeException;
import dev.cake.core.auth.AccessTokens;
import dev.cake.core.auth.Principal;
import dev.cake.core.auth.Role;
import dev.cake.core.auth.User;
import java.util.UUID;

/**
 * {@link AccessTokens} in plain text: {@code access:<userId>:<role>:<session>}, valid for {@link #EXPIRES_IN_SECONDS}.
 * Nothing is signed; only the service's choice of user and session is under test.
 */
public final class FakeAccessTokens implements AccessTokens {
  public static final long EXPIRES_IN_SECONDS = 900;

  public static String token(long userId, Role role, UUID session) {
    return "access:" + userId + ":" + role.value() + ":" + session;
  }

  @Override
  public Issued issue(User user, UUID session) {
    return new Issued(token(user.id(), user.role(), session), EXPIRES_IN_SECONDS);
  }

  @Override
  public Principal verify(String token) {
    String[] parts = token == null ? new String[0] : token.split(":");
    if (parts.length != 4 || !parts[0].equals("access")) throw new CakeException.NotAuthenticated("Invalid token");
    return new Principal(Long.parseLong(parts[1]), Role.of(parts[2]), 0, UUID.fromString(parts[3]));
  }
}
