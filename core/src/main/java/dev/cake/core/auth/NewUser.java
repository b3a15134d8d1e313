package dev.cake.core.auth;

import java.time.LocalDate;

/** A validated registration, ready to store: email lower-cased, phone in E.164, password already hashed. */
public record NewUser(String fullname, String email, String username, String phone, LocalDate birthday,
                      String passwordHash, Role role) {}
