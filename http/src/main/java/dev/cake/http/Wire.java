package dev.cake.http;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Conversions to the wire format shared by the response records. */
public final class Wire {
  private Wire() {}

  /** Instants go out in UTC with milliseconds (PostgreSQL keeps microseconds). */
  public static Instant millis(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS);
  }

  /** A positive id from a path parameter; 400 otherwise. */
  public static long id(String raw, String name) {
    try {
      long id = Long.parseLong(raw);
      if (id > 0) return id;
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new dev.cake.core.CakeException.InvalidInput(name, name + " must be a positive integer");
  }
}
