package dev.cake.persistence.redis.promotion;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Key lookups that share round trips: every lookup asked while a trip is in flight goes out together in the next one,
 * so under load one round trip answers many requests (the "group commit" of reads), and alone a lookup makes its own
 * trip at once, on its own thread (no thread of this class's).
 *
 * <p>A lookup is answered only by a trip sent after it was asked: the trip takes its keys off the queue before it
 * sends them, so a value written before the lookup was asked is always seen (read-your-writes holds as for a
 * trip of its own). A failed trip fails every lookup it carried with the same exception.
 */
final class SharedTrips {
  /** At most this many keys in one trip; the rest wait for the next. */
  static final int MAX_KEYS = 512;

  private record Ask(List<String> keys, CompletableFuture<List<String>> answer) {}

  private final ConcurrentLinkedQueue<Ask> asked = new ConcurrentLinkedQueue<>();
  private final ReentrantLock trip = new ReentrantLock();
  private final Function<List<String>, List<String>> fetch;

  /** {@code fetch}: the values of distinct keys in one round trip, in the keys' order (may throw). */
  SharedTrips(Function<List<String>, List<String>> fetch) {
    this.fetch = fetch;
  }

  /** The values of {@code keys}, in their order, from a round trip sent after this call began. */
  List<String> get(List<String> keys) {
    var ask = new Ask(keys, new CompletableFuture<>());
    asked.add(ask);
    while (!ask.answer().isDone()) {
      trip.lock(); // the trip in flight, if any, ends first; it may have carried this ask
      try {
        if (!ask.answer().isDone()) travel(); // carries this ask unless MAX_KEYS older keys filled it: then again
      } finally {
        trip.unlock();
      }
    }
    try {
      return ask.answer().join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) throw cause;
      throw e;
    }
  }

  /** Under the lock: one trip for what was asked so far (up to {@link #MAX_KEYS}), this caller's ask among it. */
  private void travel() {
    List<Ask> carried = new ArrayList<>();
    Map<String, Integer> index = new LinkedHashMap<>();
    for (Ask ask; index.size() < MAX_KEYS && (ask = asked.poll()) != null; ) {
      carried.add(ask);
      for (String key : ask.keys()) index.putIfAbsent(key, index.size());
    }
    List<String> values;
    try {
      values = fetch.apply(List.copyOf(index.keySet()));
    } catch (RuntimeException e) {
      for (Ask ask : carried) ask.answer().completeExceptionally(e);
      return;
    }
    for (Ask ask : carried) {
      List<String> mine = new ArrayList<>(ask.keys().size());
      for (String key : ask.keys()) mine.add(values.get(index.get(key)));
      ask.answer().complete(mine);
    }
  }
}
