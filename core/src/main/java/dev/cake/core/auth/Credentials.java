package dev.cake.core.auth;

/** A user with the stored password hash, read only to verify a login. */
public record Credentials(User user, String passwordHash) {}
