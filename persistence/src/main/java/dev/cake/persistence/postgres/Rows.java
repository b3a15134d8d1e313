package dev.cake.persistence.postgres;

import java.sql.Timestamp;
import java.time.Instant;

/** Small conversions shared by the row mappers. */
public final class Rows {
  private Rows() {}

  public static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
