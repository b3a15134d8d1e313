package dev.cake.persistence.postgres;

import java.util.Optional;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Reads PostgreSQL's error details out of Jdbi's exceptions. */
public final class PostgresErrors {
  public static final String UNIQUE_VIOLATION = "23505";

  private PostgresErrors() {}

  /** The name of the unique constraint (or index) that {@code e} violated, if that is what happened. */
  public static Optional<String> violatedUniqueConstraint(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof PSQLException p && UNIQUE_VIOLATION.equals(p.getSQLState())) {
        ServerErrorMessage server = p.getServerErrorMessage();
        return Optional.ofNullable(server == null ? null : server.getConstraint()).or(() -> Optional.of(""));
      }
    }
    return Optional.empty();
  }
}
