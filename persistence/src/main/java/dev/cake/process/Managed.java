package dev.cake.process;

/**
 * Something that starts or holds a resource (a pool, an executor, a subscription, a scheduler, the server). Each is
 * registered once ({@code @Binds @IntoSet Managed}) and started and stopped by the {@link Lifecycle}, never by hand;
 * its constructor only assigns fields.
 */
public interface Managed {
  /** Started in this order, stopped in the reverse one. */
  enum Stage {
    /** Connection pools: opened on first use, closed last. */
    CONNECTIONS,
    /** Thread pools that do work for others (the bcrypt threads). */
    EXECUTORS,
    /** Subscriptions and callbacks fed from outside (the profile change feed, metric gauges). */
    FEEDS,
    /** What takes work in: the HTTP server, the worker's consumers and scheduled jobs. Stopped first. */
    WORK
  }

  Stage stage();

  default void start() {}

  /** Releases whatever this object holds (nothing if it never started or opened anything); safe to call twice. */
  void stop();
}
