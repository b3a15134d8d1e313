package dev.cake.workers.bench;

import dev.cake.core.config.EnvironmentReader;
import dev.cake.process.Settings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The "users" scenario's load generator: bin/bench.d/users.sh starts one process per ramp step from the workers jar
 * ({@code java -cp workers/target/cake-workers.jar dev.cake.workers.bench.UsersLoad …}); {@link UsersReport} reads
 * what it prints.
 *
 * <p>Each user holds one keep-alive connection and one token: it connects at once, waits a first delay (spread over
 * the step, or none for a reconnect storm), then sends one request of the mobile app's mix, reads the whole answer,
 * thinks for a random time and goes again until the process's duration is over. A connection that fails is counted by
 * kind and opened again after the next think.
 *
 * <p>One thread drives every user: a selector for the sockets and a priority queue of due times (think ends and request
 * timeouts). It exists because the generator shares the machine with the system under test. wrk keeps each
 * connection's think time as a timer in a list its event loop scans, so 14,000 idle users cost a wrk process about
 * 300 µs of CPU per request; a virtual thread per user costs about 100 µs (parking, the poller, carrier wake-ups).
 * Here a request costs two system calls and a heap operation.
 *
 * <p>Arguments: HOST PORT CONNECTIONS DURATION_S TIMEOUT_MS. Environment: {@link LoadSettings} (BENCH_THINK_DIST exp:
 * exponential capped at 5 × the mean; uniform: 0 .. 2 × the mean). Prints the line
 * {@code BENCH_RESULT {json}} that common.lua's done() prints for wrk, so the report reads both alike.
 */
public final class UsersLoad {
  /** The app's reads, after the top-up share: weights out of 100. */
  static final String[] READ_PATHS = {
    "/auth/profile", "/promotions/campaigns", "/promotions/eligibility", "/promotions/my-vouchers",
    "/promotions/my-promotions"};
  static final int[] READ_WEIGHTS = {30, 25, 20, 13, 12};
  private static final String TOPUP_BODY = "{\"phoneNumber\":\"0912345678\",\"amount\":50000}";

  private final InetSocketAddress address;
  private final String hostHeader;
  private final long deadline;
  private final long timeoutNanos;
  private final long firstSpreadNanos;
  private final String tag;
  private final Mix mix;
  private final Selector selector;
  private final PriorityQueue<Due> due = new PriorityQueue<>();
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);

  private long requests;
  private long bytes;
  private long connectErrors;
  private long readErrors;
  private long writeErrors;
  private long timeouts;
  private long non2xx;
  private final TreeMap<Integer, long[]> statuses = new TreeMap<>();
  private final Histogram latency = new Histogram();

  private UsersLoad(String host, int port, long durationS, long timeoutMs, LoadSettings settings) throws IOException {
    this.address = new InetSocketAddress(host, port);
    this.hostHeader = host + ":" + port;
    this.deadline = System.nanoTime() + durationS * 1_000_000_000L;
    this.timeoutNanos = timeoutMs * 1_000_000L;
    this.mix = new Mix(new SplittableRandom(), settings.thinkMs() * 1_000_000, settings.uniform(),
        settings.topupPercent());
    this.firstSpreadNanos = settings.firstSpreadMs() * 1_000_000;
    this.tag = settings.tag() + "p" + settings.proc();
    this.selector = Selector.open();
  }

  /**
   * The environment bin/bench.d/users.sh sets for a load process (as users.lua reads it): the users' file
   * ("username TAB token" lines), the mean think time and its distribution, the first requests' spread, the top-up
   * share, the process's number and the run's tag (Idempotency-Keys).
   */
  record LoadSettings(Path usersFile, double thinkMs, boolean uniform, long firstSpreadMs, double topupPercent,
                      int proc, String tag) {
    static LoadSettings read(EnvironmentReader r) {
      return new LoadSettings(
          r.get("BENCH_USERS_FILE", "", v -> {
            if (v.isBlank()) throw new IllegalArgumentException();
            return Path.of(v);
          }, "the seeded users' file (run this scenario through bin/bench)"),
          r.get("BENCH_THINK_MS", "20000", Double::parseDouble, "the mean think time in milliseconds"),
          r.get("BENCH_THINK_DIST", "exp", v -> switch (v) {
            case "exp" -> false;
            case "uniform" -> true;
            default -> throw new IllegalArgumentException();
          }, "exp or uniform"),
          r.get("BENCH_FIRST_SPREAD_MS", "0", Long::parseLong, "milliseconds"),
          r.get("BENCH_TOPUP_PERCENT", "1.5", Double::parseDouble, "a percentage such as 1.5"),
          r.integer("BENCH_PROC", 1, 0, 100_000),
          r.get("BENCH_TAG", "u", v -> v, "a tag"));
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      System.err.println("usage: UsersLoad HOST PORT CONNECTIONS DURATION_S TIMEOUT_MS");
      System.exit(2);
    }
    LoadSettings settings = Settings.loadOrExit(LoadSettings::read);
    var load = new UsersLoad(args[0], Integer.parseInt(args[1]), Long.parseLong(args[3]), Long.parseLong(args[4]),
        settings);
    List<String> tokens = tokens(settings.usersFile());
    int connections = Integer.parseInt(args[2]);
    long started = System.nanoTime();
    for (int i = 0; i < connections; i++) {
      // users of different processes start at different places in the pool
      load.start(new User(i, tokens.get((int) (((long) settings.proc() * 7919 + i) % tokens.size())),
          load.hostHeader));
    }
    load.loop();
    System.out.println("BENCH_RESULT " + load.result(System.nanoTime() - started));
  }

  private static List<String> tokens(Path file) throws IOException {
    List<String> tokens = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      int tab = line.indexOf('\t');
      if (tab > 0 && tab < line.length() - 1) {
        tokens.add(line.substring(tab + 1).strip());
      }
    }
    if (tokens.isEmpty()) {
      throw new IllegalStateException("no users in " + file);
    }
    return tokens;
  }

  // --- the event loop ----------------------------------------------------------------------------------------------

  private void start(User user) {
    connect(user);
    long first = mix.firstDelay(firstSpreadNanos);
    schedule(user, System.nanoTime() + first, false);
  }

  private void loop() throws IOException {
    while (true) {
      long now = System.nanoTime();
      if (now >= deadline) {
        break;
      }
      Due next = due.peek();
      long waitNanos = Math.min(deadline - now, next == null ? Long.MAX_VALUE : Math.max(0, next.at - now));
      if (waitNanos == 0) {
        selector.selectNow();
      } else {
        selector.select(Math.max(1, waitNanos / 1_000_000));
      }
      for (SelectionKey key : selector.selectedKeys()) {
        User user = (User) key.attachment();
        if (!key.isValid()) {
          continue;
        }
        if (key.isConnectable()) {
          finishConnect(user);
        } else if (key.isReadable()) {
          read(user);
        } else if (key.isWritable()) {
          flush(user);
        }
      }
      selector.selectedKeys().clear();
      now = System.nanoTime();
      for (Due d = due.peek(); d != null && d.at <= now; d = due.peek()) {
        due.poll();
        if (d.generation != d.user.generation) {
          continue; // superseded: the answer came, or the user moved on
        }
        if (d.timeout) {
          timeouts++;
          reconnectLater(d.user);
        } else {
          send(d.user);
        }
      }
    }
    for (SelectionKey key : selector.keys()) {
      key.channel().close();
    }
  }

  private void schedule(User user, long at, boolean timeout) {
    due.add(new Due(at, user, ++user.generation, timeout));
  }

  private void connect(User user) {
    try {
      SocketChannel channel = SocketChannel.open();
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      user.channel = channel;
      user.connected = channel.connect(address);
      user.key = channel.register(selector, user.connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, user);
    } catch (IOException e) {
      connectErrors++;
      close(user);
    }
  }

  private void finishConnect(User user) {
    try {
      user.connected = user.channel.finishConnect();
      if (user.connected) {
        user.key.interestOps(SelectionKey.OP_READ); // also while idle, to notice the server closing the connection
        if (user.pending != null) {
          flush(user);
        }
      }
    } catch (IOException e) {
      connectErrors++;
      reconnectLater(user);
    }
  }

  /** The think is over: send the next request (opening a connection first if the last one failed). */
  private void send(User user) {
    if (user.channel == null) {
      connect(user);
      if (user.channel == null) {
        schedule(user, System.nanoTime() + mix.think(), false);
        return;
      }
    }
    user.pending = ByteBuffer.wrap(request(user));
    user.sentAt = System.nanoTime();
    user.response.reset();
    schedule(user, user.sentAt + timeoutNanos, true);
    if (user.connected) {
      flush(user);
    }
  }

  private void flush(User user) {
    try {
      user.channel.write(user.pending);
      user.key.interestOps(user.pending.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    } catch (IOException e) {
      writeErrors++;
      reconnectLater(user);
    }
  }

  private void read(User user) {
    readBuffer.clear();
    int n;
    try {
      n = user.channel.read(readBuffer);
    } catch (IOException e) {
      n = -1;
    }
    if (n < 0) {
      if (user.pending != null && System.nanoTime() < deadline) {
        readErrors++; // closed with a request in flight (an idle keep-alive close is not an error)
      }
      reconnectLater(user);
      return;
    }
    bytes += n;
    if (user.pending == null) {
      return; // nothing was asked: not an answer
    }
    readBuffer.flip();
    int status = user.response.feed(readBuffer);
    if (status == Response.INCOMPLETE) {
      return;
    }
    if (status == Response.MALFORMED) {
      readErrors++;
      reconnectLater(user);
      return;
    }
    latency.record((System.nanoTime() - user.sentAt) / 1000);
    requests++;
    statuses.computeIfAbsent(status, s -> new long[1])[0]++;
    if (status < 200 || status > 299) {
      non2xx++;
    }
    user.pending = null;
    if (user.response.closeAfter) {
      close(user);
    }
    schedule(user, System.nanoTime() + mix.think(), false);
  }

  private void reconnectLater(User user) {
    close(user);
    schedule(user, System.nanoTime() + mix.think(), false);
  }

  private static void close(User user) {
    if (user.channel != null) {
      try {
        user.channel.close();
      } catch (IOException ignored) {
        // gone either way
      }
    }
    user.channel = null;
    user.key = null;
    user.connected = false;
    user.pending = null;
  }

  private byte[] request(User user) {
    int pick = mix.pick();
    if (pick == Mix.TOPUP) {
      user.topups++;
      return topup(hostHeader, user.token, tag + "u" + user.id + "n" + user.topups);
    }
    return user.reads[pick];
  }

  /** A top-up request with its own Idempotency-Key. */
  static byte[] topup(String hostHeader, String token, String idempotencyKey) {
    return ("POST /promotions/topup HTTP/1.1\r\nHost: " + hostHeader + "\r\nAuthorization: Bearer " + token
        + "\r\nContent-Type: application/json\r\nIdempotency-Key: " + idempotencyKey
        + "\r\nContent-Length: " + TOPUP_BODY.length() + "\r\n\r\n" + TOPUP_BODY).getBytes(StandardCharsets.US_ASCII);
  }

  /** A read of the app's mix: {@code GET path} with the user's token, on a keep-alive connection. */
  static byte[] read(String hostHeader, String token, String path) {
    return ("GET " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nAuthorization: Bearer " + token
        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  private String result(long elapsedNanos) {
    return result(requests, elapsedNanos, bytes, new long[] {connectErrors, readErrors, writeErrors, non2xx, timeouts},
        latency, statuses);
  }

  /**
   * The {@code BENCH_RESULT} JSON (the shape common.lua's done() prints for wrk): counts, errors by kind
   * ({@code errors}: connect, read, write, status, timeout), latency percentiles in µs, statuses.
   */
  static String result(long requests, long elapsedNanos, long bytes, long[] errors, Histogram latency,
                       TreeMap<Integer, long[]> statuses) {
    var statusJson = new StringBuilder("{");
    statuses.forEach((status, n) -> statusJson.append(statusJson.length() > 1 ? "," : "")
        .append('"').append(status).append("\":").append(n[0]));
    statusJson.append('}');
    return String.format(Locale.ROOT,
        "{\"requests\":%d,\"duration_us\":%d,\"bytes\":%d,"
            + "\"errors\":{\"connect\":%d,\"read\":%d,\"write\":%d,\"status\":%d,\"timeout\":%d},"
            + "\"latency_us\":{\"p50\":%d,\"p90\":%d,\"p99\":%d,\"p99_9\":%d,\"max\":%d,\"mean\":%.1f,\"stdev\":%.1f},"
            + "\"statuses\":%s,\"generator\":\"UsersLoad\"}",
        requests, elapsedNanos / 1000, bytes, errors[0], errors[1], errors[2], errors[3], errors[4],
        latency.percentile(50), latency.percentile(90), latency.percentile(99), latency.percentile(99.9),
        latency.max, latency.mean(), latency.stdev(), statusJson);
  }

  /**
   * What a user does next: which request (a top-up with probability {@code topupPercent} %, else a read by
   * {@link #READ_WEIGHTS}) and how long it thinks first (exponential with the mean, capped at 5 × the mean; or uniform
   * over 0 .. 2 × the mean).
   */
  static final class Mix {
    /** {@link #pick()}'s answer for a top-up; a read is its index in {@link #READ_PATHS}. */
    static final int TOPUP = -1;
    private final SplittableRandom random;
    private final double thinkNanos;
    private final boolean uniform;
    private final double topupPercent;

    Mix(SplittableRandom random, double thinkNanos, boolean uniform, double topupPercent) {
      this.random = random;
      this.thinkNanos = thinkNanos;
      this.uniform = uniform;
      this.topupPercent = topupPercent;
    }

    int pick() {
      if (random.nextDouble(100) < topupPercent) {
        return TOPUP;
      }
      int pick = random.nextInt(100);
      for (int r = 0; r < READ_WEIGHTS.length; r++) {
        pick -= READ_WEIGHTS[r];
        if (pick < 0) {
          return r;
        }
      }
      return 0;
    }

    long think() {
      double u = random.nextDouble();
      if (uniform) {
        return (long) (u * 2 * thinkNanos);
      }
      return (long) Math.min(-thinkNanos * Math.log(1 - u), 5 * thinkNanos);
    }

    /** A connection's first request waits a uniform 0 .. {@code spreadNanos} (0: at once, a reconnect storm). */
    long firstDelay(long spreadNanos) {
      return spreadNanos > 0 ? random.nextLong(spreadNanos) : 0;
    }
  }

  // --- data --------------------------------------------------------------------------------------------------------

  /** A due time: the end of a think (send) or of a request's patience (timeout); stale once generation moved on. */
  private record Due(long at, User user, long generation, boolean timeout) implements Comparable<Due> {
    @Override
    public int compareTo(Due other) {
      return Long.compare(at, other.at);
    }
  }

  private static final class User {
    final int id;
    final String token;
    final byte[][] reads;
    final Response response = new Response();
    SocketChannel channel;
    SelectionKey key;
    boolean connected;
    ByteBuffer pending; // the request in flight (being written or awaiting its answer)
    long sentAt;
    long generation;
    int topups;

    User(int id, String token, String hostHeader) {
      this.id = id;
      this.token = token;
      this.reads = new byte[READ_PATHS.length][];
      for (int r = 0; r < READ_PATHS.length; r++) {
        reads[r] = read(hostHeader, token, READ_PATHS[r]);
      }
    }
  }

  /**
   * One HTTP/1.1 response read incrementally: the bytes are kept until it is whole (status line and headers, then a
   * body by Content-Length or chunks), which for this API's answers is almost always the first read.
   */
  static final class Response {
    static final int INCOMPLETE = -1;
    static final int MALFORMED = -2;
    private byte[] data = new byte[0];
    private int size;
    boolean closeAfter;

    void reset() {
      size = 0;
    }

    int feed(ByteBuffer in) {
      int n = in.remaining();
      if (size + n > data.length) {
        data = Arrays.copyOf(data, Math.max(size + n, Math.max(1024, data.length * 2)));
      }
      in.get(data, size, n);
      size += n;
      return parse();
    }

    private int parse() {
      int headerEnd = indexOf(CRLFCRLF, 0);
      if (headerEnd < 0) {
        return size > 64 * 1024 ? MALFORMED : INCOMPLETE;
      }
      String head = new String(data, 0, headerEnd, StandardCharsets.ISO_8859_1);
      String[] lines = head.split("\r\n");
      if (lines[0].length() < 12 || !lines[0].startsWith("HTTP/1.")) {
        return MALFORMED;
      }
      int status;
      try {
        status = Integer.parseInt(lines[0], 9, 12, 10);
      } catch (NumberFormatException e) {
        return MALFORMED;
      }
      long length = -1;
      boolean chunked = false;
      closeAfter = lines[0].startsWith("HTTP/1.0");
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon < 0) {
          continue;
        }
        String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = lines[i].substring(colon + 1).trim();
        switch (name) {
          case "content-length" -> length = Long.parseLong(value);
          case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
          case "connection" -> closeAfter = value.equalsIgnoreCase("close");
          default -> { }
        }
      }
      int bodyStart = headerEnd + 4;
      if (chunked) {
        return chunksComplete(bodyStart) ? status : INCOMPLETE;
      }
      if (length < 0) {
        if (status == 204 || status == 304) {
          return status;
        }
        closeAfter = true; // a body up to the end of the connection; not sent by nginx for these answers
        return status;
      }
      return size - bodyStart >= length ? status : INCOMPLETE;
    }

    private boolean chunksComplete(int at) {
      while (true) {
        int lineEnd = indexOf(CRLF, at);
        if (lineEnd < 0) {
          return false;
        }
        String sizeText = new String(data, at, lineEnd - at, StandardCharsets.ISO_8859_1);
        int semicolon = sizeText.indexOf(';');
        long chunk = Long.parseLong((semicolon < 0 ? sizeText : sizeText.substring(0, semicolon)).trim(), 16);
        at = lineEnd + 2;
        if (chunk == 0) {
          return indexOf(CRLF, at) >= 0; // the end of the (empty) trailers
        }
        at += (int) chunk + 2;
        if (at > size) {
          return false;
        }
      }
    }

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] CRLFCRLF = {'\r', '\n', '\r', '\n'};

    private int indexOf(byte[] pattern, int from) {
      outer:
      for (int i = from; i <= size - pattern.length; i++) {
        for (int j = 0; j < pattern.length; j++) {
          if (data[i + j] != pattern[j]) {
            continue outer;
          }
        }
        return i;
      }
      return -1;
    }
  }

  /**
   * Latency in microseconds: 10 µs buckets below 1 ms, 1 ms buckets up to 10 s, 100 ms buckets up to 120 s (and a
   * last bucket beyond); a percentile is its bucket's upper bound.
   */
  static final class Histogram {
    private static final int FINE = 100;
    private static final int MEDIUM = 10_000;
    private static final int COARSE = 1_100;
    private final long[] counts = new long[FINE + MEDIUM + COARSE + 1];
    private long n;
    private double sum;
    private double sumSquares;
    long max;

    void record(long micros) {
      int bucket;
      if (micros < 1_000) {
        bucket = (int) (micros / 10);
      } else if (micros < 10_000_000) {
        bucket = FINE + (int) (micros / 1_000);
      } else if (micros < 120_000_000) {
        bucket = FINE + MEDIUM + (int) ((micros - 10_000_000) / 100_000);
      } else {
        bucket = FINE + MEDIUM + COARSE;
      }
      counts[bucket]++;
      n++;
      sum += micros;
      sumSquares += (double) micros * micros;
      max = Math.max(max, micros);
    }

    long percentile(double p) {
      if (n == 0) {
        return 0;
      }
      long rank = (long) Math.ceil(n * p / 100);
      long seen = 0;
      for (int b = 0; b < counts.length; b++) {
        seen += counts[b];
        if (seen >= rank) {
          return Math.min(upperBound(b), max);
        }
      }
      return max;
    }

    private static long upperBound(int bucket) {
      if (bucket < FINE) {
        return (bucket + 1) * 10L;
      }
      if (bucket < FINE + MEDIUM) {
        return (bucket - FINE + 1) * 1_000L;
      }
      return 10_000_000L + (bucket - FINE - MEDIUM + 1) * 100_000L;
    }

    double mean() {
      return n == 0 ? 0 : sum / n;
    }

    double stdev() {
      return n < 2 ? 0 : Math.sqrt(Math.max(0, sumSquares / n - mean() * mean()));
    }
  }
}
