package dev.cake.core.auth;

import java.util.function.LongConsumer;

/**
 * Port: a feed of "this user's profile changed" from every replica, for in-process caches. {@code onGap} runs
 * whenever the feed may have missed changes (disconnected); until {@link #live()} is true again, nothing learnt from
 * the feed can be trusted.
 */
public interface ProfileChanges {
  /** Listens until the returned subscription is closed. */
  Subscription subscribe(LongConsumer onChange, Runnable onGap);

  boolean live();

  /** Closing stops the listening (its thread, its connection); closing twice is harmless. */
  interface Subscription extends AutoCloseable {
    @Override
    void close();
  }
}
