package dev.cake.core.auth;

/**
 * Who is calling, as proven by a verified access token. {@code loginAtMillis} is the latest login the token's user
 * had when the token was issued (0 if unknown): no cached profile older than that may be served to this caller.
 */
public record Principal(long userId, Role role, long loginAtMillis) {
  public boolean isAdmin() {
    return role == Role.ADMIN;
  }
}
