package dev.cake.core.auth;

import java.util.Locale;

public enum Role {
  USER, ADMIN;

  /** The lower-case name used in the database, in tokens and on the wire. */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role of(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
