package dev.cake.core.auth;

/**
 * Who is calling, as proven by a verified access token. {@code loginAtMillis} is the latest login the token's user
 * had when the token was issued (0 if unknown): no cached profile older than that may be served to this caller.
 * {@code session} is the refresh-token family the token was issued in (null in a token from before sessions were
 * named); the original's refresh form re-signs an access token only while that session is alive.
 */
public record Principal(long userId, Role role, long loginAtMillis, java.util.UUID session) {
  public boolean isAdmin() {
    return role == Role.ADMIN;
  }
}
