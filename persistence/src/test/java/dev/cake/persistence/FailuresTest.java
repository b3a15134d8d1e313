package dev.cake.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cake.persistence.Failures.Kind;
import dev.cake.persistence.redis.RedisBreakerOpenException;
import dev.cake.persistence.testing.TestPersistence;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisBusyException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Every SQLState and Redis error kind {@link Failures} names: the mapping table with PostgreSQL's own exception type,
 * and the failures that are cheap to provoke, provoked against this run's real PostgreSQL and Redis.
 */
class FailuresTest {
  static TestPersistence db;

  @BeforeAll
  static void setUp() {
    db = new TestPersistence();
  }

  @AfterAll
  static void tearDown() {
    db.close();
  }

  /** A PSQLException as pgjdbc builds it from the server's error message (severity, SQLState, text). */
  static PSQLException server(String sqlState) {
    return new PSQLException(new ServerErrorMessage("SERROR\0C" + sqlState + "\0Mfrom the server\0"));
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
      "40001, RETRYABLE_CONFLICT", // serialization_failure
      "40P01, RETRYABLE_CONFLICT", // deadlock_detected
      "08000, DEPENDENCY_UNAVAILABLE", // connection_exception
      "08001, DEPENDENCY_UNAVAILABLE", // sqlclient_unable_to_establish_sqlconnection
      "08003, DEPENDENCY_UNAVAILABLE", // connection_does_not_exist
      "08006, DEPENDENCY_UNAVAILABLE", // connection_failure
      "57P01, DEPENDENCY_UNAVAILABLE", // admin_shutdown
      "57P02, DEPENDENCY_UNAVAILABLE", // crash_shutdown
      "57P03, DEPENDENCY_UNAVAILABLE", // cannot_connect_now
      "53300, DEPENDENCY_UNAVAILABLE", // too_many_connections
      "57014, TIMEOUT", // query_canceled (statement_timeout)
      "55P03, TIMEOUT", // lock_not_available (lock_timeout)
      "25P03, TIMEOUT", // idle_in_transaction_session_timeout
      "23505, CONSTRAINT", // unique_violation
      "23503, CONSTRAINT", // foreign_key_violation
      "23514, CONSTRAINT", // check_violation
      "23502, CONSTRAINT", // not_null_violation
      "22001, INVALID_DATA", // string_data_right_truncation
      "22003, INVALID_DATA", // numeric_value_out_of_range
      "22021, INVALID_DATA", // character_not_in_repertoire
      "42601, BUG", // syntax_error
      "42P01, BUG", // undefined_table
  })
  void eachSqlStateHasOneKind(String sqlState, Kind kind) {
    assertThat(Failures.classify(server(sqlState))).isEqualTo(kind);
    // as the callers see it: wrapped by Jdbi, and that wrapped again by whatever called the adapter
    var wrapped = new RuntimeException(new UnableToExecuteStatementException(server(sqlState), null));
    assertThat(Failures.classify(wrapped)).isEqualTo(kind);
  }

  @ParameterizedTest(name = "Redis {0} is {1}")
  @CsvSource({
      "'LOADING Redis is loading the dataset in memory', DEPENDENCY_UNAVAILABLE",
      "'READONLY You can''t write against a read only replica.', DEPENDENCY_UNAVAILABLE",
      "'MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to no', DEPENDENCY_UNAVAILABLE",
      "'UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)', "
          + "DEPENDENCY_UNAVAILABLE",
      "'WRONGTYPE Operation against a key holding the wrong kind of value', BUG",
      "'ERR unknown command', BUG",
  })
  void eachRedisErrorReplyHasOneKind(String reply, Kind kind) {
    assertThat(Failures.classify(new JedisDataException(reply))).isEqualTo(kind);
  }

  @Test
  void redisClientSideFailures() {
    assertThat(Failures.classify(new RedisBreakerOpenException("OPEN"))).isEqualTo(Kind.DEPENDENCY_UNAVAILABLE);
    assertThat(Failures.classify(new JedisBusyException("BUSY Redis is busy running a script")))
        .isEqualTo(Kind.DEPENDENCY_UNAVAILABLE);
    // commons-pool's answer when every pooled connection stayed busy for maxWait, as Jedis wraps it
    assertThat(Failures.classify(new JedisException("Could not get a resource from the pool",
        new NoSuchElementException("Timeout waiting for idle object")))).isEqualTo(Kind.DEPENDENCY_UNAVAILABLE);
    assertThat(Failures.classify(new IllegalStateException("ours"))).isEqualTo(Kind.BUG);
  }

  /**
   * The schema's owner: these tests make tables of their own, which the app's role may not (least privilege). What a
   * failure means does not depend on who met it.
   */
  static Jdbi owner() {
    var admin = dev.cake.persistence.PersistenceSettings.fromEnv(
        dev.cake.persistence.testing.TestServices.get().adminEnvironment()).database();
    Jdbi jdbi = Jdbi.create(admin.jdbcUrl(), admin.user(), admin.password());
    return jdbi;
  }

  /** A handle acting as the owner role, so the tables made here belong to it like every other (LeastPrivilegeTest). */
  static Handle ownerHandle(Jdbi owner) {
    Handle h = owner.open();
    h.execute("SET ROLE " + dev.cake.persistence.postgres.DatabaseRoles.DEFAULTS.owner());
    return h;
  }

  static void asOwner(Jdbi owner, String sql) {
    try (Handle h = ownerHandle(owner)) {
      h.execute(sql);
    }
  }

  @Test
  void aSerializationFailureProvokedInPostgresIsARetryableConflict() throws Exception {
    Jdbi owner = owner();
    try (Handle setup = ownerHandle(owner)) {
      setup.execute("create table if not exists failures_counter (id int primary key, n int not null)");
      setup.execute("insert into failures_counter values (1, 0) on conflict (id) do update set n = 0");
    }
    try (Handle a = ownerHandle(owner); Handle b = ownerHandle(owner)) {
      a.begin().setTransactionIsolationLevel(TransactionIsolationLevel.SERIALIZABLE);
      b.begin().setTransactionIsolationLevel(TransactionIsolationLevel.SERIALIZABLE);
      a.createQuery("select n from failures_counter where id = 1").mapTo(Integer.class).one();
      b.createQuery("select n from failures_counter where id = 1").mapTo(Integer.class).one();
      a.execute("update failures_counter set n = n + 1 where id = 1");
      a.commit();
      Throwable failure = catchThrowable(() -> b.execute("update failures_counter set n = n + 1 where id = 1"));
      b.rollback();
      assertThat(failure).isNotNull();
      assertThat(Failures.classify(failure)).isEqualTo(Kind.RETRYABLE_CONFLICT);
    }
  }

  @Test
  void aStatementTimeoutIsATimeout() {
    Throwable failure = catchThrowable(() -> db.jdbi.useHandle(h -> {
      h.execute("set statement_timeout = 50");
      h.execute("select pg_sleep(2)");
    }));
    assertThat(failure).isNotNull();
    assertThat(Failures.classify(failure)).isEqualTo(Kind.TIMEOUT);
  }

  @Test
  void aUniqueViolationIsAConstraintAndAValueTooLongIsInvalidData() {
    Jdbi owner = owner();
    asOwner(owner, "create table if not exists failures_names (name varchar(3) primary key)");
    asOwner(owner, "insert into failures_names values ('a') on conflict do nothing");
    Throwable duplicate = catchThrowable(() -> asOwner(owner, "insert into failures_names values ('a')"));
    assertThat(Failures.classify(duplicate)).isEqualTo(Kind.CONSTRAINT);
    Throwable tooLong = catchThrowable(() -> asOwner(owner, "insert into failures_names values ('abcd')"));
    assertThat(Failures.classify(tooLong)).isEqualTo(Kind.INVALID_DATA);
  }

  @Test
  void aDatabaseThatRefusesConnectionsIsUnavailable() throws Exception {
    int closedPort;
    try (var socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Throwable failure = catchThrowable(() -> {
      try (Connection c = DriverManager.getConnection(
          "jdbc:postgresql://127.0.0.1:" + closedPort + "/cake_rooms?connectTimeout=2", "postgres", "")) {
        c.isValid(1);
      }
    });
    assertThat(failure).isInstanceOf(PSQLException.class);
    assertThat(Failures.classify(failure)).isEqualTo(Kind.DEPENDENCY_UNAVAILABLE);
  }

  @Test
  void noPooledConnectionInTimeIsUnavailable() throws Exception {
    var config = new HikariConfig();
    config.setJdbcUrl(db.config.database().jdbcUrl());
    config.setUsername(db.config.database().user());
    config.setPassword(db.config.database().password());
    config.setMaximumPoolSize(1);
    config.setConnectionTimeout(250);
    try (var pool = new HikariDataSource(config); Connection held = pool.getConnection()) {
      Throwable failure = catchThrowable(pool::getConnection);
      assertThat(failure).isInstanceOf(SQLTransientConnectionException.class);
      assertThat(Failures.classify(failure)).isEqualTo(Kind.DEPENDENCY_UNAVAILABLE);
    }
  }

  @Test
  void redisRefusingConnectionsIsUnavailable() throws Exception {
    int closedPort;
    try (var socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Throwable failure = catchThrowable(() -> {
      try (var jedis = new Jedis(new HostAndPort("127.0.0.1", closedPort),
          DefaultJedisClientConfig.builder().connectionTimeoutMillis(500).build())) {
        jedis.ping();
      }
    });
    assertThat(failure).isInstanceOf(JedisConnectionException.class);
    assertThat(Failures.classify(failure)).isEqualTo(Kind.DEPENDENCY_UNAVAILABLE);
  }

  @Test
  void aRedisThatAcceptsButNeverAnswersIsATimeout() throws Exception {
    List<Socket> accepted = new ArrayList<>();
    try (var silent = new ServerSocket(0)) {
      var acceptor = CompletableFuture.runAsync(() -> {
        try {
          accepted.add(silent.accept());
        } catch (Exception ignored) {
          // the server socket closed at the end of the test
        }
      });
      Throwable failure = catchThrowable(() -> {
        try (var jedis = new Jedis(new HostAndPort("127.0.0.1", silent.getLocalPort()),
            DefaultJedisClientConfig.builder().connectionTimeoutMillis(500).socketTimeoutMillis(200).build())) {
          jedis.ping();
        }
      });
      assertThat(failure).isInstanceOf(JedisConnectionException.class);
      assertThat(Failures.classify(failure)).isEqualTo(Kind.TIMEOUT);
      acceptor.join();
      for (Socket s : accepted) s.close();
    }
  }

  @Test
  void aRedisCommandOnTheWrongTypeIsABug() {
    String key = db.config.redis().keyPrefix() + "failures-test:list";
    db.redis.lpush(key, "x");
    try {
      Throwable failure = catchThrowable(() -> db.redis.get(key));
      assertThat(failure).isInstanceOf(JedisDataException.class);
      assertThat(Failures.classify(failure)).isEqualTo(Kind.BUG);
    } finally {
      db.redis.del(key);
    }
  }

  @Test
  void onlyConflictsUnavailabilityAndTimeoutsAreTransient() {
    assertThat(List.of(Kind.values()).stream().filter(Kind::isTransient))
        .containsExactly(Kind.RETRYABLE_CONFLICT, Kind.DEPENDENCY_UNAVAILABLE, Kind.TIMEOUT);
  }
}
