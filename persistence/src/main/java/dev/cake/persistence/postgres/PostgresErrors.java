package dev.cake.persistence.postgres;

import dev.cake.persistence.Failures;
import java.util.Optional;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Reads PostgreSQL's error details out of Jdbi's exceptions. What a failure means is {@link Failures}' answer. */
public final class PostgresErrors {
  private PostgresErrors() {}

  /** The name of the unique constraint (or index) that {@code e} violated, if that is what happened. */
  public static Optional<String> violatedUniqueConstraint(Throwable e) {
    int depth = 0;
    for (Throwable t = e; t != null && depth < 32; t = t.getCause(), depth++) {
      if (t instanceof PSQLException p && Failures.UNIQUE_VIOLATION.equals(p.getSQLState())) {
        ServerErrorMessage server = p.getServerErrorMessage();
        return Optional.ofNullable(server == null ? null : server.getConstraint()).or(() -> Optional.of(""));
      }
    }
    return Optional.empty();
  }
}
