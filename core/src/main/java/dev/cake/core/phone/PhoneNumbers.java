package dev.cake.core.phone;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Normalises phone numbers to E.164 with libphonenumber. National numbers ("0912345678") are read in the configured
 * default region. International numbers that libphonenumber cannot place exactly but that are well-formed E.164
 * ("+1234567890", the original's example) are accepted as written, separators removed.
 */
public final class PhoneNumbers {
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
  private static final Pattern SEPARATORS = Pattern.compile("[\\s().-]");
  private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{6,14}");
  private static final Pattern ALLOWED = Pattern.compile("\\+?[0-9\\s().-]{6,30}");

  private final String defaultRegion;

  public PhoneNumbers(String defaultRegion) {
    this.defaultRegion = defaultRegion;
  }

  /** The E.164 form of {@code raw}, or empty when it is not a phone number. */
  public Optional<String> normalise(String raw) {
    if (raw == null) return Optional.empty();
    String input = raw.strip();
    if (!ALLOWED.matcher(input).matches()) return Optional.empty();
    String compact = SEPARATORS.matcher(input).replaceAll("");
    try {
      PhoneNumber number = UTIL.parse(input, defaultRegion);
      if (UTIL.isValidNumber(number)) {
        return Optional.of(UTIL.format(number, PhoneNumberFormat.E164));
      }
    } catch (NumberParseException e) {
      // fall through to the syntactic E.164 rule
    }
    return compact.startsWith("+") && E164.matcher(compact).matches() ? Optional.of(compact) : Optional.empty();
  }
}
