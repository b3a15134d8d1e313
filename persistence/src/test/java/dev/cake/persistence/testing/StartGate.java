package dev.cake.persistence.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Races for tests: every task on its own virtual thread, held at one gate until all of them are running, then
 * released together. {@code import static dev.cake.persistence.testing.StartGate.concurrently;}
 */
public final class StartGate {
  private StartGate() {}

  /** Runs the tasks at the same moment and returns their results in the tasks' order (a task's failure is thrown). */
  public static <T> List<T> concurrently(List<? extends Callable<T>> tasks) throws Exception {
    var ready = new CountDownLatch(tasks.size());
    var go = new CountDownLatch(1);
    List<Future<T>> futures = new ArrayList<>(tasks.size());
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Callable<T> task : tasks) {
        futures.add(threads.submit(() -> {
          ready.countDown();
          go.await();
          return task.call();
        }));
      }
      ready.await();
      go.countDown();
    }
    List<T> results = new ArrayList<>(futures.size());
    for (var future : futures) results.add(future.get());
    return results;
  }

  /** Runs {@code n} copies of one task at the same moment. */
  public static <T> List<T> concurrently(int n, Callable<T> task) throws Exception {
    return concurrently(Collections.nCopies(n, task));
  }
}
