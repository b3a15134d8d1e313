package dev.cake.persistence;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;
import org.jdbi.v3.core.ConnectionException;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Tells a dependency's failure (PostgreSQL or Redis unreachable, frozen, restarting, or a bounded wait running out)
 * from a failure of the work itself. The first is nobody's fault and worth waiting out; the second is not.
 */
public final class DependencyFailures {
  /**
   * SQLSTATEs that say "the server could not do it now": connection exceptions are class 08; 57014 a statement
   * timeout, 55P03 a lock timeout, 25P03 an idle-in-transaction timeout, 57P01-57P03 a server shutting down or
   * starting, 53300 too many connections, 40001/40P01 a serialization failure or deadlock.
   */
  private static final Set<String> TRANSIENT_STATES =
      Set.of("57014", "55P03", "25P03", "57P01", "57P02", "57P03", "53300", "40001", "40P01");

  private DependencyFailures() {}

  public static boolean isTransient(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientException || t instanceof SQLRecoverableException
          || t instanceof ConnectionException || t instanceof JedisConnectionException) {
        return true;
      }
      if (t instanceof SQLException s && s.getSQLState() != null
          && (s.getSQLState().startsWith("08") || TRANSIENT_STATES.contains(s.getSQLState()))) {
        return true;
      }
    }
    return false;
  }
}
