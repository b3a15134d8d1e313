package dev.cake.crypto;

import dev.cake.core.CakeException;
import dev.cake.core.auth.PasswordHasher;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The hashing threads and their queue, which sheds early: a hash is accepted only when it can finish before its
 * caller's deadline, so the threads spend their time on answers that are delivered.
 *
 * <ul>
 *   <li><b>Admission.</b> A caller's deadline is {@code budget} after it asks. With {@code o} hashes outstanding
 *       (reserved, queued or running) on {@code n} threads and a measured mean hash time {@code m}, a new hash
 *       finishes after at most {@code (o / n + 1) × m}; when that is past the deadline the caller is refused at once
 *       (503 with Retry-After), without waiting. So the queue holds at most about {@code n × budget / m} hashes.
 *   <li><b>Reservation.</b> A caller that has work to do before its hash (a login's database lookup) takes its
 *       place first ({@link #reserve}); the place counts as outstanding until it is used ({@link #run(Place,
 *       Callable)}) or given back, and its deadline runs from the reservation. So in a storm only as many callers as
 *       can be hashed in time do that work; the others are refused before it.
 *   <li><b>Dequeue.</b> FIFO. A thread that takes a hash whose caller has given up, or whose deadline can no longer
 *       be met ({@code now + m} past it, because hashes ran slower than measured), drops it unhashed, and a caller
 *       still waiting gets its 503 at that moment.
 *   <li><b>Once started, a hash is delivered.</b> A caller whose deadline passes while its hash runs waits for it
 *       (at most one hash time more) rather than throwing the work away; a caller gives up only on a hash that has
 *       not started, and a thread never starts one whose caller gave up.
 * </ul>
 *
 * <p>{@code m} is a moving average of the measured hash times (wall time on the hashing thread, so CPU shared with
 * other work counts), seeded by the caller. When it refuses everything and nothing has been measured for longer than
 * the budget and itself, one hash is let through (and delivered even if late) to measure it again. Counts of every
 * outcome are kept for tests and the logs.
 */
final class HashQueue implements AutoCloseable {
  /** Weight of the newest hash time in the moving average. */
  private static final double WEIGHT = 0.2;

  private final int threads;
  private final long budgetNanos;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition ready = lock.newCondition();
  private final ArrayDeque<Task<?>> queue = new ArrayDeque<>(); // guarded by lock
  private int running; // guarded by lock
  private int reserved; // places taken and not yet queued or given back; guarded by lock
  private volatile java.util.function.LongConsumer waited = nanos -> {};
  private boolean closed; // guarded by lock
  private final List<Thread> workers = new ArrayList<>(); // guarded by lock; started by the first hash
  private final AtomicLong meanNanos;
  private final AtomicLong lastMeasured;
  private final LongSupplier nanoTime;
  private final LongAdder accepted = new LongAdder();
  private final LongAdder refused = new LongAdder();
  private final LongAdder expired = new LongAdder();
  private final LongAdder abandoned = new LongAdder();
  private final LongAdder hashed = new LongAdder();
  private final LongAdder answered = new LongAdder();

  /** How each request ended, counted since start. */
  record Counts(long accepted, long refused, long expired, long abandoned, long hashed, long answered) {}

  /**
   * @param threads platform threads that hash
   * @param budget the longest a caller waits for its hash to be done (queue and hashing together)
   * @param initialMean the first estimate of a hash's time, until hashes are measured
   */
  HashQueue(int threads, Duration budget, Duration initialMean) {
    this(threads, budget, initialMean, System::nanoTime);
  }

  /** With the ticker that dates deadlines and measures hashes (tests move it by hand). */
  HashQueue(int threads, Duration budget, Duration initialMean, LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    if (threads < 1) throw new IllegalArgumentException("threads must be at least 1");
    this.threads = threads;
    this.budgetNanos = budget.toNanos();
    this.meanNanos = new AtomicLong(Math.max(1, initialMean.toNanos()));
    this.lastMeasured = new AtomicLong(nanoTime.getAsLong());
  }

  /** Runs {@code work} on a hashing thread and returns its result, or refuses with a 503 when it cannot be in time. */
  <T> T run(Callable<T> work) {
    Place place = reserve();
    return run(place, work);
  }

  /**
   * Takes a place for one hash, or refuses at once (503, counted as refused) when a hash asked for now could not be
   * done in time. The place counts as outstanding until it is used by {@link #run(Place, Callable)} or closed.
   */
  Place reserve() {
    long now = nanoTime.getAsLong();
    lock.lock();
    try {
      if (closed) throw shuttingDown();
      boolean probe = false;
      if (!fitsInBudget()) {
        if (!staleAndIdle(now)) {
          refused.increment();
          throw busy();
        }
        probe = true; // re-measures an estimate that refuses everything: runs even if late
      }
      reserved++;
      return new Place(now + budgetNanos, probe);
    } finally {
      lock.unlock();
    }
  }

  /** Runs {@code work} in the reserved place on a hashing thread, by the place's deadline (or refuses with a 503). */
  <T> T run(Place place, Callable<T> work) {
    var task = new Task<>(work, place.deadline);
    lock.lock();
    try {
      if (place.state != Place.RESERVED) throw new IllegalStateException("a place is used once, before it is closed");
      place.state = Place.USED;
      reserved--;
      if (closed) throw shuttingDown();
      task.probe = place.probe;
      if (workers.isEmpty()) startWorkers();
      queue.addLast(task);
      accepted.increment();
      ready.signal();
    } finally {
      lock.unlock();
    }
    return task.await();
  }

  /** Whether a hash queued now, behind every outstanding one, is done within the budget (caller holds the lock). */
  private boolean fitsInBudget() {
    int outstanding = queue.size() + running + reserved;
    return (long) (outstanding / threads + 1) * meanNanos.get() <= budgetNanos;
  }

  /** A reserved place: used once by {@link #run(Place, Callable)}, or given back by {@link #close()}. */
  final class Place implements PasswordHasher.Turn {
    private static final int RESERVED = 0;
    private static final int USED = 1;
    private static final int RETURNED = 2;

    private final long deadline;
    private final boolean probe;
    private int state = RESERVED; // guarded by lock

    private Place(long deadline, boolean probe) {
      this.deadline = deadline;
      this.probe = probe;
    }

    /** Gives the place back unless it was used. Idempotent. */
    @Override
    public void close() {
      lock.lock();
      try {
        if (state != RESERVED) return;
        state = RETURNED;
        reserved--;
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * Nothing outstanding and no hash measured for longer than the budget and the estimate itself: an estimate that
   * refuses everything (one freak hash of many seconds) would otherwise never be measured again, so one hash is let
   * through to measure.
   */
  private boolean staleAndIdle(long now) {
    return queue.isEmpty() && running == 0 && reserved == 0
        && now - lastMeasured.get() > Math.max(budgetNanos, meanNanos.get());
  }

  private void startWorkers() {
    var factory = Thread.ofPlatform().name("bcrypt-", 1).daemon(true).factory();
    for (int i = 0; i < threads; i++) {
      Thread worker = factory.newThread(this::work);
      workers.add(worker);
      worker.start();
    }
  }

  private void work() {
    while (true) {
      Task<?> task;
      lock.lock();
      try {
        while (queue.isEmpty() && !closed) ready.awaitUninterruptibly();
        if (closed) return; // close() answered what was queued
        task = queue.pollFirst();
        if (!task.start(nanoTime.getAsLong() + meanNanos.get())) continue;
        running++;
      } finally {
        lock.unlock();
      }
      long started = nanoTime.getAsLong();
      waited.accept(started - (task.deadline - budgetNanos)); // queued at its deadline less the budget
      try {
        task.run();
      } finally {
        long took = nanoTime.getAsLong() - started;
        meanNanos.updateAndGet(mean -> Math.max(1, mean + (long) (WEIGHT * (took - mean))));
        lastMeasured.set(nanoTime.getAsLong());
        lock.lock();
        try {
          running--;
        } finally {
          lock.unlock();
        }
      }
    }
  }

  /** The current estimate of one hash's time. */
  Duration meanHashTime() {
    return Duration.ofNanos(meanNanos.get());
  }

  /** Hashes waiting for a thread, and hashes running now. */
  int[] depth() {
    lock.lock();
    try {
      return new int[] {queue.size(), running};
    } finally {
      lock.unlock();
    }
  }

  /** Called with each started hash's time in the queue, in nanoseconds (metrics). */
  void onWait(java.util.function.LongConsumer listener) {
    this.waited = listener;
  }

  Counts counts() {
    return new Counts(accepted.sum(), refused.sum(), expired.sum(), abandoned.sum(), hashed.sum(), answered.sum());
  }

  /**
   * Stops taking hashes: callers still queued get a 503 "Server shutting down" at once, hashes already running are
   * finished and delivered (waiting at most the budget for them), then the threads end. Idempotent.
   */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) return;
      closed = true;
      for (Task<?> task; (task = queue.pollFirst()) != null; ) task.drop(shuttingDown());
      ready.signalAll();
    } finally {
      lock.unlock();
    }
    List<Thread> started;
    lock.lock();
    try {
      started = List.copyOf(workers);
    } finally {
      lock.unlock();
    }
    long until = System.nanoTime() + budgetNanos;
    for (Thread worker : started) {
      try {
        worker.join(Duration.ofNanos(Math.max(1, until - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Retry-After is the budget: the queue never holds more than that much work, so by then it has turned over. */
  private CakeException busy() {
    return new CakeException.TemporarilyUnavailable("Server busy, please retry",
        Duration.ofSeconds(Math.max(1, (TimeUnit.NANOSECONDS.toMillis(budgetNanos) + 999) / 1000)));
  }

  private static CakeException shuttingDown() {
    return new CakeException.TemporarilyUnavailable("Server shutting down");
  }

  /** One caller's hash: queued, then started by a thread, or given up by its caller, or dropped unhashed. */
  private final class Task<T> {
    private static final int QUEUED = 0;
    private static final int STARTED = 1;
    private static final int GIVEN_UP = 2;
    private static final int DROPPED = 3;

    private final Callable<T> work;
    private final long deadline;
    private final AtomicInteger state = new AtomicInteger(QUEUED);
    private final CompletableFuture<T> result = new CompletableFuture<>();
    private boolean probe; // set before it is queued, under the lock

    Task(Callable<T> work, long deadline) {
      this.work = work;
      this.deadline = deadline;
    }

    /** On a hashing thread: true when this hash is to run now; false when it was given up or cannot be in time. */
    boolean start(long expectedFinish) {
      if (expectedFinish - deadline > 0 && !probe) {
        if (state.compareAndSet(QUEUED, DROPPED)) {
          expired.increment();
          result.completeExceptionally(busy());
        }
        return false;
      }
      return state.compareAndSet(QUEUED, STARTED);
    }

    void run() {
      hashed.increment();
      try {
        result.complete(work.call());
      } catch (Throwable e) {
        result.completeExceptionally(e);
      }
    }

    void drop(CakeException why) {
      if (state.compareAndSet(QUEUED, DROPPED)) result.completeExceptionally(why);
    }

    /** The caller's side: the result by the deadline, or the whole hash when it started in time. */
    T await() {
      try {
        try {
          T value = result.get(Math.max(0, deadline - nanoTime.getAsLong()), TimeUnit.NANOSECONDS);
          answered.increment();
          return value;
        } catch (TimeoutException e) {
          if (state.compareAndSet(QUEUED, GIVEN_UP)) {
            abandoned.increment();
            throw busy();
          }
          T value = result.get(); // started in time: one hash, delivered rather than wasted (or dropped just now)
          answered.increment();
          return value;
        }
      } catch (InterruptedException e) {
        if (state.compareAndSet(QUEUED, GIVEN_UP)) abandoned.increment();
        Thread.currentThread().interrupt();
        throw shuttingDown();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException runtime) throw runtime;
        if (e.getCause() instanceof Error error) throw error;
        throw new IllegalStateException("password hashing failed", e.getCause());
      }
    }
  }
}
