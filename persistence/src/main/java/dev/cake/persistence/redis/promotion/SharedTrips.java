package dev.cake.persistence.redis.promotion;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Key lookups that share round trips: every lookup asked while a trip is in flight goes out together in the next one,
 * so under load one round trip answers many requests (the "group commit" of reads), and alone a lookup makes its own
 * trip at once, on its own thread (no thread of this class's).
 *
 * <p>One caller at a time leads: it takes what was asked off the queue, makes the trip and wakes every caller it
 * carried at once; then, if more was asked meanwhile, it hands the lead to the oldest of those callers and returns.
 * (A lock in its place made every waiter take the lock in turn after each trip: under load the hand-offs, one after
 * the other, became the bottleneck, measured with {@code bin/bench --scenarios users}.)
 *
 * <p>A lookup is answered only by a trip sent after it was asked: the trip takes its keys off the queue before it
 * sends them, so a value written before the lookup was asked is always seen (read-your-writes holds as for a
 * trip of its own). A failed trip fails every lookup it carried with the same exception.
 */
final class SharedTrips {
  /** At most this many distinct keys in one trip; the rest go in the next. */
  static final int MAX_KEYS = 512;

  private static final int WAITING = 0;
  private static final int ANSWERED = 1;
  private static final int LEADS = 2;

  private static final class Ask {
    final List<String> keys;
    final Thread caller = Thread.currentThread();
    volatile int state = WAITING;
    List<String> values; // written before state turns ANSWERED
    Throwable failure; // a RuntimeException or an Error

    Ask(List<String> keys) {
      this.keys = keys;
    }

    void answer(List<String> values, Throwable failure) {
      this.values = values;
      this.failure = failure;
      state = ANSWERED;
      LockSupport.unpark(caller);
    }
  }

  private final ConcurrentLinkedQueue<Ask> asked = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean leading = new AtomicBoolean();
  private final Function<List<String>, List<String>> fetch;

  /** {@code fetch}: the values of distinct keys in one round trip, in the keys' order (may throw). */
  SharedTrips(Function<List<String>, List<String>> fetch) {
    this.fetch = fetch;
  }

  /** The values of {@code keys}, in their order, from a round trip sent after this call began. */
  List<String> get(List<String> keys) {
    var ask = new Ask(keys);
    asked.add(ask);
    if (leading.compareAndSet(false, true)) lead(ask);
    while (true) {
      awaitTurn(ask);
      if (ask.state == ANSWERED) break;
      ask.state = WAITING; // handed the lead: its own ask is the oldest one queued, so the first trip carries it
      lead(ask);
    }
    if (ask.failure instanceof RuntimeException e) throw e;
    if (ask.failure instanceof Error e) throw e;
    return ask.values;
  }

  /** Holding the lead: trips until this caller's ask is answered, then the lead passes on or is given up. */
  private void lead(Ask mine) {
    do {
      travel();
    } while (mine.state != ANSWERED); // more than MAX_KEYS were queued before it
    while (true) {
      Ask next = asked.peek();
      if (next != null) {
        next.state = LEADS; // only the leader takes asks off the queue, so this one waits until it leads
        LockSupport.unpark(next.caller);
        return;
      }
      leading.set(false);
      // asked after the peek, by a caller that found the lead taken: take it back for it, unless another did
      if (asked.isEmpty() || !leading.compareAndSet(false, true)) return;
    }
  }

  private static void awaitTurn(Ask ask) {
    boolean interrupted = false;
    while (ask.state == WAITING) {
      LockSupport.park(ask);
      if (Thread.interrupted()) interrupted = true; // an ask cannot be abandoned (the lead may come to it)
    }
    if (interrupted) Thread.currentThread().interrupt();
  }

  /** One trip for what was asked so far, up to {@link #MAX_KEYS} distinct keys. */
  private void travel() {
    List<Ask> carried = new ArrayList<>();
    Map<String, Integer> index = new LinkedHashMap<>();
    for (Ask ask; index.size() < MAX_KEYS && (ask = asked.poll()) != null; ) {
      carried.add(ask);
      for (String key : ask.keys) index.putIfAbsent(key, index.size());
    }
    int answered = 0;
    try {
      List<String> values = fetch.apply(List.copyOf(index.keySet()));
      for (Ask ask : carried) {
        List<String> mine = new ArrayList<>(ask.keys.size());
        for (String key : ask.keys) mine.add(values.get(index.get(key)));
        ask.answer(mine, null);
        answered++;
      }
    } catch (RuntimeException | Error e) {
      // whatever went wrong, every ask carried is answered: none may wait for ever
      for (Ask ask : carried.subList(answered, carried.size())) ask.answer(null, e);
    }
  }
}
