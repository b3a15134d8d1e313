package dev.cake.core.auth;

import java.time.Instant;
import java.time.LocalDate;

/** An account as the rest of the system sees it: never carries the password hash. */
public record User(
    long id,
    String fullname,
    String email,
    String username,
    String phone,
    LocalDate birthday,
    Role role,
    Instant latestLogin,
    Instant createdAt,
    Instant updatedAt) {}
