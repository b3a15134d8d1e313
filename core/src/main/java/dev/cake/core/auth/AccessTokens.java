package dev.cake.core.auth;

import java.util.UUID;

/** Port: issues the access tokens of a session and proves the caller of one. */
public interface AccessTokens {
  record Issued(String token, long expiresInSeconds) {}

  /** An access token of {@code user} in {@code session} (the refresh-token family of its login). */
  Issued issue(User user, UUID session);

  /** The caller proven by {@code token}; 401 ({@link dev.cake.core.CakeException.NotAuthenticated}) for anything else. */
  Principal verify(String token);
}
