package dev.cake.persistence.postgres;

import dev.cake.persistence.PersistenceSettings.DatabaseSettings;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;

/**
 * Why the database cannot be used, in words an operator can act on: opens one connection at start-up, outside the
 * pool (whose only answer would be "a pooled connection timed out after 2 s"), and names the cause: the database does
 * not exist (SQLState 3D000), the server refused the password or the user (28P01, 28000), or nobody answers at the
 * address (connection refused, unknown host, timeout). Other failures are reported with their SQLState.
 */
public final class DatabaseConnectionCheck {
  private DatabaseConnectionCheck() {}

  /** Empty when a connection opens; else what is wrong, naming the database, user and address of {@code settings}. */
  public static Optional<String> problem(DatabaseSettings settings) {
    var props = new Properties();
    props.setProperty("user", settings.user());
    props.setProperty("password", settings.password());
    long seconds = waitSeconds(settings);
    props.setProperty("connectTimeout", Long.toString(seconds));
    props.setProperty("loginTimeout", Long.toString(seconds));
    props.setProperty("ApplicationName", "cake-start-check");
    try (var ignored = DriverManager.getConnection(settings.jdbcUrl(), props)) {
      return Optional.empty();
    } catch (SQLException e) {
      return Optional.of(describe(e, settings));
    }
  }

  /**
   * How long the check waits for a connection: generous (at least 10 s), so that a busy server is not taken for an
   * unreachable one; a refused connection or a refused login answers at once anyway.
   */
  static long waitSeconds(DatabaseSettings settings) {
    return Math.max(10, settings.timeouts().connectTimeout().toSeconds());
  }

  /**
   * The cause of {@code failure} (an exception whose chain holds the driver's), or null when it is not a connection
   * failure this class knows.
   */
  public static String describeOrNull(Throwable failure, DatabaseSettings settings) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && known(sql)) {
        return describe(sql, settings);
      }
    }
    return null;
  }

  private static boolean known(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    return state.equals("3D000") || state.startsWith("28") || state.startsWith("08");
  }

  static String describe(SQLException e, DatabaseSettings settings) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String where = address(settings.jdbcUrl());
    String db = database(settings.jdbcUrl());
    return switch (state) {
      case "3D000" -> "database \"" + db + "\" does not exist on " + where
          + " (DATABASE_URL; bin/migrate --create-database creates it)";
      case "28P01" -> "PostgreSQL on " + where + " refused the password of user \"" + settings.user()
          + "\" (DATABASE_URL)";
      case "28000" -> "PostgreSQL on " + where + " refused user \"" + settings.user() + "\" for database \"" + db
          + "\" (no such role, or no pg_hba.conf entry allows it: " + firstLine(e) + ")";
      default -> {
        Throwable cause = rootCause(e);
        if (cause instanceof ConnectException) {
          yield "PostgreSQL is unreachable at " + where + ": connection refused (is it running? DATABASE_URL)";
        }
        if (cause instanceof UnknownHostException) {
          yield "PostgreSQL is unreachable: unknown host in " + where + " (DATABASE_URL)";
        }
        if (cause instanceof SocketTimeoutException || cause instanceof NoRouteToHostException) {
          yield "PostgreSQL is unreachable at " + where + ": no answer within " + waitSeconds(settings) + " s";
        }
        if (state.startsWith("08")) {
          yield "PostgreSQL is unreachable at " + where + ": " + firstLine(e) + " (within " + waitSeconds(settings)
              + " s)";
        }
        yield "cannot connect to database \"" + db + "\" on " + where + ": " + firstLine(e)
            + (state.isEmpty() ? "" : " (SQLState " + state + ")");
      }
    };
  }

  private static Throwable rootCause(Throwable t) {
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  private static String firstLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /** host:port of a jdbc:postgresql://host:port/db URL (several hosts kept as written). */
  static String address(String jdbcUrl) {
    String rest = jdbcUrl.substring(jdbcUrl.indexOf("//") + 2);
    int slash = rest.indexOf('/');
    return slash < 0 ? rest : rest.substring(0, slash);
  }

  static String database(String jdbcUrl) {
    String rest = jdbcUrl.substring(jdbcUrl.indexOf("//") + 2);
    int slash = rest.indexOf('/');
    if (slash < 0) {
      return "";
    }
    String db = rest.substring(slash + 1);
    int query = db.indexOf('?');
    return query < 0 ? db : db.substring(0, query);
  }
}
