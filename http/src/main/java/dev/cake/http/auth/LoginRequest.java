package dev.cake.http.auth;

/** {@code account} is a username, an email or a phone number. */
public record LoginRequest(String account, String password) {}
