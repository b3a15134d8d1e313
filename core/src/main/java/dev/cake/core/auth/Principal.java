package dev.cake.core.auth;

/** Who is calling, as proven by a verified access token. */
public record Principal(long userId, Role role) {
  public boolean isAdmin() {
    return role == Role.ADMIN;
  }
}
