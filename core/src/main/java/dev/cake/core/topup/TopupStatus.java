package dev.cake.core.topup;

import java.util.Locale;

public enum TopupStatus {
  PENDING, SUCCEEDED, FAILED;

  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static TopupStatus of(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
