package dev.cake.core.auth;

/** What a successful register, login or refresh hands back to the client. */
public record AuthResult(User user, String accessToken, String refreshToken, long expiresInSeconds) {}
