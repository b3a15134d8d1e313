package dev.cake.core.auth;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Optional;

/** bcrypt reads at most 72 bytes; longer passwords are refused rather than silently truncated. */
public final class PasswordRules {
  public static final int MIN_CHARACTERS = 8;
  public static final int MAX_BYTES = 72;

  private PasswordRules() {}

  /** The broken rule's message, or empty when the password is acceptable. */
  public static Optional<String> check(String password) {
    if (password == null || password.isEmpty()) return Optional.of("password is required");
    if (password.codePointCount(0, password.length()) < MIN_CHARACTERS) {
      return Optional.of("password must be at least 8 characters");
    }
    // the NFC form is what gets hashed (BcryptPasswordHasher); it is rarely longer, but both must fit
    if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES
        || Normalizer.normalize(password, Normalizer.Form.NFC).getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      return Optional.of("password must be at most 72 bytes (UTF-8)");
    }
    return Optional.empty();
  }
}
