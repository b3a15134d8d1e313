package dev.cake.persistence.postgres;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Hands out pool connections first come, first served. Under hundreds of virtual threads HikariCP's hand-off is not
 * fair: some waiters starve for seconds while others are served again and again (measured here: docs/ARCHITECTURE.md,
 * "A fair database queue"). A fair semaphore with one permit per pooled connection, taken before the pool and given
 * back when the connection is closed, makes every caller wait its turn; the pool then rarely makes anyone wait.
 *
 * <p>One deadline covers both waits: a caller that queued for a permit gets from the pool only what is left of
 * {@code timeout}, so a frozen database (where the pool spends its time checking and replacing dead connections)
 * costs a caller {@code timeout} plus at most one connection check, never two full timeouts in a row.
 */
public final class FairDataSource implements DataSource {
  /** The pool's own minimum wait (HikariCP refuses less than 250 ms). */
  private static final long MIN_POOL_WAIT_MILLIS = 250;

  /** Borrows a connection from the pool, waiting at most the given number of milliseconds. */
  @FunctionalInterface
  public interface TimedPool {
    Connection getConnection(long timeoutMillis) throws SQLException;
  }

  private final DataSource pool;
  private final TimedPool timedPool;
  private final Semaphore permits;
  private final long timeoutMillis;

  /** A pool whose own wait is fixed: the pool's wait comes on top of the queue's. */
  public FairDataSource(DataSource pool, int poolSize, Duration timeout) {
    this(pool, ignored -> pool.getConnection(), poolSize, timeout);
  }

  public FairDataSource(DataSource pool, TimedPool timedPool, int poolSize, Duration timeout) {
    this.pool = pool;
    this.timedPool = timedPool;
    this.permits = new Semaphore(poolSize, true);
    this.timeoutMillis = timeout.toMillis();
  }

  @Override
  public Connection getConnection() throws SQLException {
    long start = System.nanoTime();
    try {
      if (!permits.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS)) {
        throw new SQLTransientConnectionException("no database connection free within " + timeoutMillis + " ms");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLTransientConnectionException("interrupted while waiting for a database connection", e);
    }
    Connection connection;
    try {
      long left = timeoutMillis - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      connection = timedPool.getConnection(Math.max(MIN_POOL_WAIT_MILLIS, left));
    } catch (SQLException | RuntimeException e) {
      permits.release();
      throw e;
    }
    return releasingOnClose(connection);
  }

  private Connection releasingOnClose(Connection connection) {
    var released = new AtomicBoolean();
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> {
          if (method.getName().equals("close") && method.getParameterCount() == 0) {
            try {
              connection.close();
            } finally {
              if (released.compareAndSet(false, true)) permits.release();
            }
            return null;
          }
          if (method.getName().equals("unwrap") && args != null && args[0] == Connection.class) return connection;
          try {
            return method.invoke(connection, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLException("per-call credentials are not supported");
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return pool.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    pool.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    pool.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return pool.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() {
    return Logger.getLogger("dev.cake.persistence");
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    return type.isInstance(pool) ? type.cast(pool) : pool.unwrap(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return type.isInstance(pool) || pool.isWrapperFor(type);
  }
}
