package dev.cake.persistence.redis;

import dev.cake.persistence.PersistenceSettings.BreakerSettings;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.metrics.ObservableLongGauge;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * The circuit breaker in front of every Redis command (Resilience4j). Connection-level failures (a refused or broken
 * connection, a timeout) and slow calls count against Redis; a Redis error reply
 * ({@code WRONGTYPE}, a script error) is an answer and counts as a success. Transitions are logged at WARN; the state
 * is exported as the gauge {@code cake.redis.breaker.state} and shown by the {@code cache} health check.
 */
public final class RedisBreaker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RedisBreaker.class);

  private final CircuitBreaker breaker;
  private final ObservableLongGauge gauge;

  public RedisBreaker(BreakerSettings settings) {
    var config = CircuitBreakerConfig.custom()
        .slidingWindowType(SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(settings.window())
        .minimumNumberOfCalls(Math.min(settings.minimumCalls(), settings.window()))
        .failureRateThreshold(settings.failureRate())
        .waitDurationInOpenState(settings.openFor())
        .permittedNumberOfCallsInHalfOpenState(settings.halfOpenCalls())
        .recordException(RedisBreaker::countsAgainstRedis);
    if (!settings.slowCall().isZero()) { // off by default: see BreakerSettings
      config.slowCallDurationThreshold(settings.slowCall()).slowCallRateThreshold(settings.slowCallRate());
    }
    this.breaker = CircuitBreaker.of("redis", config.build());
    breaker.getEventPublisher().onStateTransition(e -> log.warn("redis circuit breaker {} -> {}{}",
        name(e.getStateTransition().getFromState()), name(e.getStateTransition().getToState()),
        switch (e.getStateTransition().getToState()) {
          case OPEN -> ": Redis calls fail at once for " + settings.openFor().toMillis() + " ms (failure rate "
              + Math.round(breaker.getMetrics().getFailureRate()) + " %, slow calls "
              + Math.round(breaker.getMetrics().getSlowCallRate()) + " %)";
          case HALF_OPEN -> ": trying Redis again";
          case CLOSED -> ": Redis is back";
          default -> "";
        }));
    if (!settings.enabled()) breaker.transitionToDisabledState();
    this.gauge = GlobalOpenTelemetry.getMeter("dev.cake").gaugeBuilder("cake.redis.breaker.state").ofLongs()
        .setDescription("Redis circuit breaker: 0 closed, 1 open, 2 half-open, 3 disabled")
        .buildWithCallback(m -> m.record(code(breaker.getState())));
  }

  /** True when the call may go to Redis; every permitted call must end in {@link #succeeded} or {@link #failed}. */
  boolean tryAcquire() {
    return breaker.tryAcquirePermission();
  }

  void succeeded(long nanos) {
    breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
  }

  /** A permitted call that never reached Redis: it counts neither way. */
  void release() {
    breaker.releasePermission();
  }

  void failed(long nanos, Throwable error) {
    breaker.onError(nanos, TimeUnit.NANOSECONDS, error);
  }

  /** {@code closed}, {@code open}, {@code half_open} or {@code disabled}. */
  public String state() {
    return name(breaker.getState());
  }

  public boolean isOpen() {
    return breaker.getState() == CircuitBreaker.State.OPEN || breaker.getState() == CircuitBreaker.State.FORCED_OPEN;
  }

  RedisBreakerOpenException refused() {
    return new RedisBreakerOpenException(state());
  }

  static boolean countsAgainstRedis(Throwable e) {
    return e instanceof JedisConnectionException;
  }

  private static String name(CircuitBreaker.State state) {
    return switch (state) {
      case FORCED_OPEN -> "open";
      case METRICS_ONLY -> "disabled";
      default -> state.name().toLowerCase(Locale.ROOT);
    };
  }

  private static long code(CircuitBreaker.State state) {
    return switch (state) {
      case CLOSED -> 0;
      case OPEN, FORCED_OPEN -> 1;
      case HALF_OPEN -> 2;
      case DISABLED, METRICS_ONLY -> 3;
    };
  }

  @Override
  public void close() {
    gauge.close();
  }
}
