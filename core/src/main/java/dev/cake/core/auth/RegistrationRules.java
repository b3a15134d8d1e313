package dev.cake.core.auth;

import dev.cake.core.CakeException;
import dev.cake.core.FieldError;
import dev.cake.core.phone.PhoneNumbers;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** The rules an account must satisfy. Reports every broken rule at once. */
public final class RegistrationRules {
  static final LocalDate OLDEST_BIRTHDAY = LocalDate.of(1900, 1, 1);
  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]{3,50}");
  private static final Pattern EMAIL =
      Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+");

  private final PhoneNumbers phones;
  private final Clock clock;

  public RegistrationRules(PhoneNumbers phones, Clock clock) {
    this.phones = phones;
    this.clock = clock;
  }

  /** A valid registration, with the raw password kept aside for hashing. */
  public record Valid(String fullname, String email, String username, String phone, LocalDate birthday,
                      String password) {}

  public Valid validate(RegisterForm form) {
    List<FieldError> errors = new ArrayList<>();

    String fullname = form.fullname() == null ? "" : form.fullname().strip();
    if (fullname.isEmpty()) errors.add(new FieldError("fullname", "fullname is required"));
    else if (fullname.length() > 255) errors.add(new FieldError("fullname", "fullname must be at most 255 characters"));

    String email = form.email() == null ? "" : form.email().strip().toLowerCase(Locale.ROOT);
    if (email.isEmpty()) errors.add(new FieldError("email", "email is required"));
    else if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
      errors.add(new FieldError("email", "email must be a valid email address"));
    }

    String username = form.username() == null ? "" : form.username().strip();
    if (username.isEmpty()) errors.add(new FieldError("username", "username is required"));
    else if (!USERNAME.matcher(username).matches()) {
      errors.add(new FieldError("username",
          "username must be 3-50 characters of letters, digits, '.', '_' or '-'"));
    } else if (readsAsPhone(username)) {
      errors.add(new FieldError("username", PHONE_LIKE_USERNAME));
    }

    String phone = null;
    if (form.phone() == null || form.phone().isBlank()) errors.add(new FieldError("phone", "phone is required"));
    else {
      phone = phones.normalise(form.phone()).orElse(null);
      if (phone == null) errors.add(new FieldError("phone", "phone must be a valid phone number, e.g. +84912345678"));
    }

    String password = form.password();
    PasswordRules.check(password).ifPresent(m -> errors.add(new FieldError("password", m)));

    LocalDate birthday = null;
    if (form.birthday() == null || form.birthday().isBlank()) {
      errors.add(new FieldError("birthday", "birthday is required"));
    } else {
      try {
        birthday = parseBirthday(form.birthday().strip());
        if (!birthday.isBefore(LocalDate.now(clock))) {
          errors.add(new FieldError("birthday", "birthday must be in the past"));
        } else if (birthday.isBefore(OLDEST_BIRTHDAY)) {
          errors.add(new FieldError("birthday", "birthday must be on or after 1900-01-01"));
        }
      } catch (DateTimeParseException e) {
        errors.add(new FieldError("birthday", "birthday must be a valid ISO 8601 date string"));
      }
    }

    if (!errors.isEmpty()) throw new CakeException.InvalidInput(errors);
    return new Valid(fullname, email, username, phone, birthday, password);
  }

  /**
   * A username that reads as a phone number ("0912345678", "+84912345678", "091.234.5678") or is all digits would
   * shadow, or be shadowed by, that phone number at login (an account is a username, an email or a phone).
   */
  public boolean readsAsPhone(String username) {
    return username.chars().allMatch(Character::isDigit) || phones.normalise(username).isPresent();
  }

  static final String PHONE_LIKE_USERNAME = "username must not read as a phone number or be all digits";

  /** An admin created from the shell: only username and password are required. */
  public record Admin(String fullname, String email, String username, String phone) {}

  public Admin validateAdmin(String username, String password, String email, String phone, String fullname) {
    List<FieldError> errors = new ArrayList<>();
    String name = username == null ? "" : username.strip();
    if (!USERNAME.matcher(name).matches()) {
      errors.add(new FieldError("username", "username must be 3-50 characters of letters, digits, '.', '_' or '-'"));
    } else if (readsAsPhone(name)) {
      errors.add(new FieldError("username", PHONE_LIKE_USERNAME));
    }
    PasswordRules.check(password).ifPresent(m -> errors.add(new FieldError("password", m)));
    String mail = email == null || email.isBlank() ? null : email.strip().toLowerCase(Locale.ROOT);
    if (mail != null && !EMAIL.matcher(mail).matches()) {
      errors.add(new FieldError("email", "email must be a valid email address"));
    }
    String e164 = null;
    if (phone != null && !phone.isBlank()) {
      e164 = phones.normalise(phone).orElse(null);
      if (e164 == null) errors.add(new FieldError("phone", "phone must be a valid phone number, e.g. +84912345678"));
    }
    if (!errors.isEmpty()) throw new CakeException.InvalidInput(errors);
    String full = fullname == null || fullname.isBlank() ? name : fullname.strip();
    return new Admin(full, mail, name, e164);
  }

  /**
   * A date ({@code 1990-01-31}) or, as the original accepted, an ISO date-time ({@code 1990-01-31T00:00:00.000Z}):
   * the date is the one written, whatever the time and offset.
   */
  static LocalDate parseBirthday(String text) {
    if (text.indexOf('T') < 0) return LocalDate.parse(text);
    try {
      return java.time.OffsetDateTime.parse(text).toLocalDate();
    } catch (DateTimeParseException withoutOffset) {
      return java.time.LocalDateTime.parse(text).toLocalDate();
    }
  }

  /** 409 for a taken {@code field} ("username", "email" or "phone"), in the original's words. */
  public static CakeException.StateConflict taken(String field) {
    return new CakeException.StateConflict(field, switch (field) {
      case "username" -> "Username already exists";
      case "email" -> "Email already exists";
      default -> "Phone number already exists";
    });
  }
}
