package dev.cake.core.auth;

/** A registration exactly as the client sent it; {@link RegistrationRules} turns it into a valid account or errors. */
public record RegisterForm(String fullname, String email, String username, String phone, String password,
                           String birthday) {}
