package dev.cake.core.auth;

import java.time.Duration;

/** Password hashing: the bcrypt cost, how many hashes run at once, and the longest wait for a turn. */
public record PasswordSettings(int bcryptCost, int hashConcurrency, Duration hashQueueTimeout) {}
