package dev.cake.persistence.redis.queue;

import dev.cake.persistence.redis.RedisKeys;
import jakarta.inject.Inject;

/**
 * The reliable queue's Redis keys (docs/ARCHITECTURE.md, "Event flow"), all under the configured prefix:
 * <pre>
 *   q:events                waiting envelopes (LPUSH in, taken from the right: FIFO)
 *   q:processing:{worker}   what a worker holds; BLMOVE puts it there, LREM of the exact raw envelope acks it
 *   q:delayed               sorted set of envelopes waiting for a retry, scored by due time (ms)
 *   q:failed                envelopes that ran out of attempts (or could not be handled at all)
 *   q:completed             counter of acked jobs
 *   q:workers               set of worker ids; q:heartbeat:{worker} expires when a worker dies
 *   q:published:{id}:{ms}   marker that outbox event {id} (created at {ms}) was enqueued (7 days): pushing twice
 *                           enqueues once, unless Redis lost the marker with the job (then the push restores it)
 * </pre>
 * Every move between two keys is one Lua script, so a job is never in two places or in none. Nothing here is the
 * truth: PostgreSQL's outbox is, and the relay rebuilds what Redis loses.
 */
public final class QueueKeys {
  private final RedisKeys keys;

  @Inject
  public QueueKeys(RedisKeys keys) {
    this.keys = keys;
  }

  public String waiting() {
    return keys.key("q:events");
  }

  public String processing(String workerId) {
    return keys.key("q:processing:" + workerId);
  }

  public String delayed() {
    return keys.key("q:delayed");
  }

  public String failed() {
    return keys.key("q:failed");
  }

  public String completed() {
    return keys.key("q:completed");
  }

  public String workers() {
    return keys.key("q:workers");
  }

  public String heartbeat(String workerId) {
    return keys.key("q:heartbeat:" + workerId);
  }

  /** The row's creation time makes the marker unique even if the database is recreated and ids restart. */
  public String published(long eventId, long enqueuedAtMillis) {
    return keys.key("q:published:" + eventId + ":" + enqueuedAtMillis);
  }
}
