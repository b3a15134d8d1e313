package dev.cake.persistence.redis.queue;

import dev.cake.core.event.Event;
import dev.cake.core.event.EventQueue;
import dev.cake.core.event.QueueInspector;
import dev.cake.core.event.WorkQueue;
import dev.cake.persistence.Json;
import dev.cake.persistence.event.EventCodec;
import dev.cake.persistence.redis.RedisKeys;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.args.ListDirection;

/**
 * The reliable queue on Redis lists (docs/ARCHITECTURE.md, "Event flow"). Keys, all under the configured prefix:
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
@Singleton
public final class RedisEventQueue implements EventQueue, WorkQueue, QueueInspector {
  /** Enqueues an outbox event once: a marker per outbox id makes a re-publish (the relay racing the API) a no-op. */
  private static final String PUSH_ONCE = """
      if redis.call('SET', KEYS[2], '1', 'NX', 'EX', ARGV[2]) then redis.call('LPUSH', KEYS[1], ARGV[1]) return 1 end
      return 0""";
  private static final long PUBLISHED_MARKER_SECONDS = 7L * 24 * 3600;
  private static final String ACK = """
      if redis.call('LREM', KEYS[1], 1, ARGV[1]) > 0 then redis.call('INCR', KEYS[2]) return 1 end
      return 0""";
  private static final String MOVE_TO_DELAYED = """
      if redis.call('LREM', KEYS[1], 1, ARGV[1]) > 0 then redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2]) return 1 end
      return 0""";
  private static final String MOVE_TO_FAILED = """
      if redis.call('LREM', KEYS[1], 1, ARGV[1]) > 0 then redis.call('LPUSH', KEYS[2], ARGV[2]) return 1 end
      return 0""";
  private static final String PROMOTE_DUE = """
      local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, 500)
      for _, raw in ipairs(due) do
        if redis.call('ZREM', KEYS[1], raw) > 0 then redis.call('LPUSH', KEYS[2], raw) end
      end
      return #due""";
  private static final String REQUEUE_ALL = """
      local n = 0
      while redis.call('LMOVE', KEYS[1], KEYS[2], 'RIGHT', 'LEFT') do n = n + 1 end
      return n""";
  /** Moves at most ARGV[1] jobs, oldest first: one script call never holds Redis for the whole failed list. */
  private static final String RETRY_FAILED = """
      local n = 0
      while n < tonumber(ARGV[1]) do
        local raw = redis.call('RPOP', KEYS[1])
        if not raw then return n end
        local ok, job = pcall(cjson.decode, raw)
        if ok and type(job) == 'table' then
          job['attempts'] = 0
          job['lastError'] = nil
          job['failedAt'] = nil
          raw = cjson.encode(job)
        end
        redis.call('LPUSH', KEYS[2], raw)
        n = n + 1
      end
      return n""";
  /** UNLINK frees the list's memory in the background, so dropping a long list does not stall Redis. */
  private static final String DROP_FAILED = """
      local n = redis.call('LLEN', KEYS[1])
      if n > 0 then redis.call('UNLINK', KEYS[1]) end
      return n""";
  /** Jobs per {@link #RETRY_FAILED} call. */
  static final int RETRY_BATCH = 500;

  private final RedisClient redis;
  private final RedisKeys keys;
  private final Json json;
  private final Clock clock;

  @Inject
  public RedisEventQueue(RedisClient redis, RedisKeys keys, Json json, Clock clock) {
    this.redis = redis;
    this.keys = keys;
    this.json = json;
    this.clock = clock;
  }

  @Override
  public boolean push(Event event) {
    // the row's creation time makes the marker unique even if the database is recreated and ids restart
    String marker = keys.key("q:published:" + event.id() + ":" + event.enqueuedAt().toEpochMilli());
    Object pushed = redis.eval(PUSH_ONCE, List.of(waiting(), marker),
        List.of(encode(event, null), Long.toString(PUBLISHED_MARKER_SECONDS)));
    return Long.valueOf(1).equals(pushed);
  }

  /** Pushes a raw envelope as it is (tests: duplicate deliveries, poison messages). */
  public void pushRaw(String raw) {
    redis.lpush(waiting(), raw);
  }

  @Override
  public Delivery take(String workerId, Duration timeout) {
    String raw = redis.blmove(waiting(), processing(workerId), ListDirection.RIGHT, ListDirection.LEFT,
        timeout.toMillis() / 1000.0);
    if (raw == null) return null;
    return decode(raw);
  }

  @Override
  public void ack(String workerId, Delivery delivery) {
    redis.eval(ACK, List.of(processing(workerId), keys.key("q:completed")), List.of(delivery.receipt()));
  }

  @Override
  public void retryLater(String workerId, Delivery delivery, String error, Duration delay) {
    String raw = encode(delivery.event().withAttempts(delivery.event().attempts() + 1), error);
    long due = clock.millis() + delay.toMillis();
    redis.eval(MOVE_TO_DELAYED, List.of(processing(workerId), delayed()),
        List.of(delivery.receipt(), raw, Long.toString(due)));
  }

  @Override
  public void postpone(String workerId, Delivery delivery, Duration delay) {
    long due = clock.millis() + delay.toMillis();
    redis.eval(MOVE_TO_DELAYED, List.of(processing(workerId), delayed()),
        List.of(delivery.receipt(), delivery.receipt(), Long.toString(due)));
  }

  @Override
  public void fail(String workerId, Delivery delivery, String reason) {
    Map<String, Object> envelope;
    if (delivery.event() == null) {
      envelope = new LinkedHashMap<>();
      envelope.put("raw", delivery.receipt());
      envelope.put("lastError", reason);
    } else {
      envelope = envelope(delivery.event().withAttempts(delivery.event().attempts() + 1), reason);
    }
    envelope.put("failedAt", clock.instant().toString());
    redis.eval(MOVE_TO_FAILED, List.of(processing(workerId), failed()),
        List.of(delivery.receipt(), json.write(envelope)));
  }

  @Override
  public long promoteDue() {
    return (Long) redis.eval(PROMOTE_DUE, List.of(delayed(), waiting()),
        List.of(Long.toString(clock.millis())));
  }

  @Override
  public void heartbeat(String workerId, Duration ttl) {
    redis.sadd(keys.key("q:workers"), workerId);
    redis.psetex(heartbeat(workerId), ttl.toMillis(), clock.instant().toString());
  }

  @Override
  public void unregister(String workerId) {
    redis.eval(REQUEUE_ALL, List.of(processing(workerId), waiting()), List.of());
    redis.del(heartbeat(workerId));
    redis.srem(keys.key("q:workers"), workerId);
  }

  @Override
  public long reapDeadWorkers() {
    long moved = 0;
    for (String worker : redis.smembers(keys.key("q:workers"))) {
      if (redis.exists(heartbeat(worker))) continue;
      moved += (Long) redis.eval(REQUEUE_ALL, List.of(processing(worker), waiting()), List.of());
      redis.srem(keys.key("q:workers"), worker);
    }
    return moved;
  }

  @Override
  public Counts counts() {
    long processing = 0;
    int alive = 0;
    for (String worker : redis.smembers(keys.key("q:workers"))) {
      processing += redis.llen(processing(worker));
      if (redis.exists(heartbeat(worker))) alive++;
    }
    String completed = redis.get(keys.key("q:completed"));
    return new Counts(redis.llen(waiting()), processing, redis.zcard(delayed()), redis.llen(failed()),
        completed == null ? 0 : Long.parseLong(completed), alive);
  }

  /**
   * Moves the failed jobs back to the waiting list in batches of {@link #RETRY_BATCH}, at most as many as were failed
   * when it began (a job failing again meanwhile waits for the next retry).
   */
  @Override
  public long retryFailed() {
    long limit = redis.llen(failed());
    long moved = 0;
    while (moved < limit) {
      long batch = Math.min(RETRY_BATCH, limit - moved);
      long n = (Long) redis.eval(RETRY_FAILED, List.of(failed(), waiting()), List.of(Long.toString(batch)));
      moved += n;
      if (n < batch) break;
    }
    return moved;
  }

  @Override
  public long dropFailed() {
    return (Long) redis.eval(DROP_FAILED, List.of(failed()), List.of());
  }

  /** The queue envelope {id, topic, payload, attempts, enqueuedAt, traceparent, lastError?}. */
  String encode(Event e, String lastError) {
    return json.write(envelope(e, lastError));
  }

  private static Map<String, Object> envelope(Event e, String lastError) {
    var envelope = new LinkedHashMap<String, Object>();
    envelope.put("id", e.id());
    envelope.put("topic", e.topic());
    envelope.put("payload", EventCodec.encode(e.payload()));
    envelope.put("attempts", e.attempts());
    envelope.put("enqueuedAt", e.enqueuedAt().toString());
    envelope.put("traceparent", e.traceparent());
    if (lastError != null) envelope.put("lastError", lastError);
    return envelope;
  }

  /** The job in an envelope, or an unreadable delivery saying what is wrong with it (a poison message). */
  Delivery decode(String raw) {
    Map<String, Object> m;
    try {
      m = json.readObject(raw);
    } catch (RuntimeException e) {
      return Delivery.unreadable(raw, "malformed envelope");
    }
    if (!(m.get("id") instanceof Number id) || !(m.get("topic") instanceof String topic)) {
      return Delivery.unreadable(raw, "malformed envelope: no id or topic");
    }
    try {
      var payload = EventCodec.decode(topic, m.get("payload") instanceof Map<?, ?> p ? p : Map.of());
      return Delivery.of(raw, new Event(id.longValue(), payload,
          m.get("attempts") instanceof Number n ? n.intValue() : 0,
          m.get("enqueuedAt") instanceof String s ? Instant.parse(s) : clock.instant(),
          m.get("traceparent") instanceof String t ? t : null));
    } catch (RuntimeException e) {
      return Delivery.unreadable(raw, e.getMessage());
    }
  }

  public String waiting() {
    return keys.key("q:events");
  }

  public String failed() {
    return keys.key("q:failed");
  }

  public String delayed() {
    return keys.key("q:delayed");
  }

  public String processing(String workerId) {
    return keys.key("q:processing:" + workerId);
  }

  private String heartbeat(String workerId) {
    return keys.key("q:heartbeat:" + workerId);
  }
}
