import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The "users" scenario's load generator (bin/bench.d/users.sh starts one process per ramp step).
 *
 * <p>Each user is a virtual thread on its own keep-alive connection, with its own token: it connects, waits a first
 * delay (spread over the step, or none for a reconnect storm), then sends one request of the mobile app's mix, reads
 * the whole answer, thinks for a random time and goes again, until the process's duration is over. A connection that
 * fails is counted by kind and opened again after the next think.
 *
 * <p>Why not wrk: wrk keeps each connection's think time as a timer in a list that its event loop scans, so 16,000
 * idle users cost one wrk process more than a core, taken from the system under test. Sleeping virtual threads cost a
 * heap entry each.
 *
 * <p>Arguments: HOST PORT CONNECTIONS DURATION_S TIMEOUT_MS. Environment (as users.lua): BENCH_USERS_FILE
 * ("username TAB token" lines), BENCH_THINK_MS, BENCH_THINK_DIST (exp: exponential capped at 5 × the mean; uniform:
 * 0 .. 2 × the mean), BENCH_FIRST_SPREAD_MS, BENCH_TOPUP_PERCENT, BENCH_PROC, BENCH_TAG. Prints the line
 * {@code BENCH_RESULT {json}} that common.lua's done() prints for wrk, so the report reads both alike.
 */
public final class UsersLoad {
  /** The app's reads, after the top-up share: weights out of 100. */
  private static final String[] READ_PATHS = {
    "/auth/profile", "/promotions/campaigns", "/promotions/eligibility", "/promotions/my-vouchers",
    "/promotions/my-promotions"};
  private static final int[] READ_WEIGHTS = {30, 25, 20, 13, 12};
  private static final byte[] TOPUP_BODY =
      "{\"phoneNumber\":\"0912345678\",\"amount\":50000}".getBytes(StandardCharsets.US_ASCII);

  private final String host;
  private final int port;
  private final long deadlineNanos;
  private final int timeoutMs;
  private final double thinkMs;
  private final boolean uniform;
  private final long firstSpreadMs;
  private final double topupPercent;
  private final String tag;
  private final String hostHeader;

  private final LongAdder requests = new LongAdder();
  private final LongAdder bytes = new LongAdder();
  private final LongAdder connectErrors = new LongAdder();
  private final LongAdder readErrors = new LongAdder();
  private final LongAdder writeErrors = new LongAdder();
  private final LongAdder timeouts = new LongAdder();
  private final LongAdder non2xx = new LongAdder();
  private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
  private final Histogram latency = new Histogram();

  private UsersLoad(String host, int port, long durationS, int timeoutMs) {
    this.host = host;
    this.port = port;
    this.deadlineNanos = System.nanoTime() + durationS * 1_000_000_000L;
    this.timeoutMs = timeoutMs;
    this.thinkMs = Double.parseDouble(env("BENCH_THINK_MS", "20000"));
    this.uniform = env("BENCH_THINK_DIST", "exp").equals("uniform");
    this.firstSpreadMs = Long.parseLong(env("BENCH_FIRST_SPREAD_MS", "0"));
    this.topupPercent = Double.parseDouble(env("BENCH_TOPUP_PERCENT", "1.5"));
    this.tag = env("BENCH_TAG", "u") + "p" + env("BENCH_PROC", "1");
    this.hostHeader = host + ":" + port;
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      System.err.println("usage: UsersLoad HOST PORT CONNECTIONS DURATION_S TIMEOUT_MS");
      System.exit(2);
    }
    var load = new UsersLoad(args[0], Integer.parseInt(args[1]), Long.parseLong(args[3]), Integer.parseInt(args[4]));
    List<String> tokens = tokens(Path.of(env("BENCH_USERS_FILE", null)));
    int connections = Integer.parseInt(args[2]);
    int proc = Integer.parseInt(env("BENCH_PROC", "1"));
    long started = System.nanoTime();
    List<Thread> users = new ArrayList<>(connections);
    for (int i = 0; i < connections; i++) {
      // users of different processes start at different places in the pool
      String token = tokens.get((int) (((long) proc * 7919 + i) % tokens.size()));
      int user = i;
      users.add(Thread.ofVirtual().name("user-", i).start(() -> load.run(user, token)));
    }
    for (Thread user : users) {
      user.join();
    }
    System.out.println("BENCH_RESULT " + load.result(System.nanoTime() - started));
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    if (value == null || value.isEmpty()) {
      if (fallback == null) {
        throw new IllegalStateException(name + " is not set (run this scenario through bin/bench)");
      }
      return fallback;
    }
    return value;
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

  /** One user until the deadline. */
  private void run(int user, String token) {
    byte[][] reads = new byte[READ_PATHS.length][];
    for (int r = 0; r < READ_PATHS.length; r++) {
      reads[r] = ("GET " + READ_PATHS[r] + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nAuthorization: Bearer " + token
          + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }
    Connection connection = connect();
    long waitMs = firstSpreadMs > 0 ? ThreadLocalRandom.current().nextLong(firstSpreadMs) : 0;
    int topups = 0;
    try {
      while (sleepUntilDeadline(waitMs)) {
        waitMs = think();
        if (connection == null && (connection = connect()) == null) {
          continue;
        }
        byte[] request;
        if (ThreadLocalRandom.current().nextDouble(100) < topupPercent) {
          topups++;
          request = topup(token, tag + "u" + user + "n" + topups);
        } else {
          request = reads[pickRead()];
        }
        long t0 = System.nanoTime();
        try {
          connection.out.write(request);
          connection.out.flush();
        } catch (IOException e) {
          writeErrors.increment();
          connection = close(connection);
          continue;
        }
        try {
          int status = connection.readResponse();
          latency.record((System.nanoTime() - t0) / 1000);
          requests.increment();
          statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
          if (status < 200 || status > 299) {
            non2xx.increment();
          }
          if (connection.closeAfter) {
            connection = close(connection);
          }
        } catch (SocketTimeoutException e) {
          timeouts.increment();
          connection = close(connection);
        } catch (IOException e) {
          if (System.nanoTime() < deadlineNanos) {
            readErrors.increment();
          }
          connection = close(connection);
        }
      }
    } finally {
      close(connection);
    }
  }

  private byte[] topup(String token, String idempotencyKey) {
    String head = "POST /promotions/topup HTTP/1.1\r\nHost: " + hostHeader + "\r\nAuthorization: Bearer " + token
        + "\r\nContent-Type: application/json\r\nIdempotency-Key: " + idempotencyKey + "\r\nContent-Length: "
        + TOPUP_BODY.length + "\r\n\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
    byte[] request = new byte[headBytes.length + TOPUP_BODY.length];
    System.arraycopy(headBytes, 0, request, 0, headBytes.length);
    System.arraycopy(TOPUP_BODY, 0, request, headBytes.length, TOPUP_BODY.length);
    return request;
  }

  private static int pickRead() {
    int pick = ThreadLocalRandom.current().nextInt(100);
    for (int r = 0; r < READ_WEIGHTS.length; r++) {
      pick -= READ_WEIGHTS[r];
      if (pick < 0) {
        return r;
      }
    }
    return 0;
  }

  private long think() {
    double u = ThreadLocalRandom.current().nextDouble();
    if (uniform) {
      return (long) (u * 2 * thinkMs);
    }
    return (long) Math.min(-thinkMs * Math.log(1 - u), 5 * thinkMs);
  }

  /** Sleeps {@code ms}, or until the deadline if that comes first; false once the deadline has passed. */
  private boolean sleepUntilDeadline(long ms) {
    long left = deadlineNanos - System.nanoTime();
    if (left <= 0) {
      return false;
    }
    try {
      Thread.sleep(Math.min(ms, left / 1_000_000 + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    return System.nanoTime() < deadlineNanos;
  }

  private Connection connect() {
    var socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(host, port), timeoutMs);
      socket.setSoTimeout(timeoutMs);
      return new Connection(socket);
    } catch (IOException e) {
      connectErrors.increment();
      try {
        socket.close();
      } catch (IOException ignored) {
        // already counted
      }
      return null;
    }
  }

  private static Connection close(Connection connection) {
    if (connection != null) {
      try {
        connection.socket.close();
      } catch (IOException ignored) {
        // nothing to do: the connection is gone either way
      }
    }
    return null;
  }

  private String result(long elapsedNanos) {
    var statusJson = new StringBuilder("{");
    new TreeMap<>(statuses).forEach((status, n) -> statusJson.append(statusJson.length() > 1 ? "," : "")
        .append('"').append(status).append("\":").append(n.sum()));
    statusJson.append('}');
    return String.format(java.util.Locale.ROOT,
        "{\"requests\":%d,\"duration_us\":%d,\"bytes\":%d,"
            + "\"errors\":{\"connect\":%d,\"read\":%d,\"write\":%d,\"status\":%d,\"timeout\":%d},"
            + "\"latency_us\":{\"p50\":%d,\"p90\":%d,\"p99\":%d,\"p99_9\":%d,\"max\":%d,\"mean\":%.1f,\"stdev\":%.1f},"
            + "\"statuses\":%s,\"generator\":\"UsersLoad\"}",
        requests.sum(), elapsedNanos / 1000, bytes.sum(), connectErrors.sum(), readErrors.sum(), writeErrors.sum(),
        non2xx.sum(), timeouts.sum(), latency.percentile(50), latency.percentile(90), latency.percentile(99),
        latency.percentile(99.9), latency.max(), latency.mean(), latency.stdev(), statusJson);
  }

  /** A keep-alive connection with a small read buffer and just enough HTTP/1.1 to read one answer. */
  private final class Connection {
    final Socket socket;
    final InputStream in;
    final OutputStream out;
    final byte[] buffer = new byte[2048];
    int start;
    int end;
    boolean closeAfter;

    Connection(Socket socket) throws IOException {
      this.socket = socket;
      this.in = socket.getInputStream();
      this.out = socket.getOutputStream();
    }

    /** Reads one whole response (status line, headers, body by Content-Length or chunks); returns the status. */
    int readResponse() throws IOException {
      String statusLine = line();
      if (statusLine.length() < 12 || !statusLine.startsWith("HTTP/1.")) {
        throw new IOException("not an HTTP response: " + statusLine);
      }
      int status = Integer.parseInt(statusLine, 9, 12, 10);
      long length = -1;
      boolean chunked = false;
      closeAfter = statusLine.startsWith("HTTP/1.0");
      for (String header = line(); !header.isEmpty(); header = line()) {
        int colon = header.indexOf(':');
        if (colon < 0) {
          continue;
        }
        String name = header.substring(0, colon).trim();
        String value = header.substring(colon + 1).trim();
        if (name.equalsIgnoreCase("content-length")) {
          length = Long.parseLong(value);
        } else if (name.equalsIgnoreCase("transfer-encoding")) {
          chunked = value.toLowerCase(java.util.Locale.ROOT).contains("chunked");
        } else if (name.equalsIgnoreCase("connection")) {
          closeAfter = value.equalsIgnoreCase("close");
        }
      }
      if (chunked) {
        for (long size = chunkSize(); size > 0; size = chunkSize()) {
          skip(size);
          line();
        }
        for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
          // trailers are not used
        }
      } else if (length > 0) {
        skip(length);
      } else if (length < 0 && status != 204 && status != 304) {
        closeAfter = true; // a body up to the end of the connection: nothing else can follow on it
      }
      return status;
    }

    private long chunkSize() throws IOException {
      String line = line();
      int semicolon = line.indexOf(';');
      return Long.parseLong(semicolon < 0 ? line.trim() : line.substring(0, semicolon).trim(), 16);
    }

    private boolean fill() throws IOException {
      if (start == end) {
        start = 0;
        end = 0;
      }
      if (end == buffer.length) {
        System.arraycopy(buffer, start, buffer, 0, end - start);
        end -= start;
        start = 0;
      }
      int n = in.read(buffer, end, buffer.length - end);
      if (n < 0) {
        return false;
      }
      end += n;
      bytes.add(n);
      return true;
    }

    private String line() throws IOException {
      while (true) {
        for (int i = start; i < end; i++) {
          if (buffer[i] == '\n') {
            int stop = i > start && buffer[i - 1] == '\r' ? i - 1 : i;
            String line = new String(buffer, start, stop - start, StandardCharsets.ISO_8859_1);
            start = i + 1;
            return line;
          }
        }
        if (end - start == buffer.length) {
          throw new IOException("header line longer than " + buffer.length + " bytes");
        }
        if (!fill()) {
          throw new IOException("connection closed by the server");
        }
      }
    }

    private void skip(long n) throws IOException {
      while (n > 0) {
        if (start == end && !fill()) {
          throw new IOException("connection closed inside a body");
        }
        int take = (int) Math.min(n, end - start);
        start += take;
        n -= take;
      }
    }
  }

  /**
   * Latency in microseconds: 10 µs buckets below 1 ms, 1 ms buckets up to 10 s, 100 ms buckets up to 120 s (and a
   * last bucket beyond); percentiles are a bucket's upper bound.
   */
  private static final class Histogram {
    private static final int FINE = 100;
    private static final int MEDIUM = 10_000;
    private static final int COARSE = 1_100;
    private final AtomicLongArray counts = new AtomicLongArray(FINE + MEDIUM + COARSE + 1);
    private final LongAdder sum = new LongAdder();
    private final LongAdder sumSquares = new LongAdder();
    private final LongAdder n = new LongAdder();
    private final java.util.concurrent.atomic.AtomicLong max = new java.util.concurrent.atomic.AtomicLong();

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
      counts.incrementAndGet(bucket);
      sum.add(micros);
      sumSquares.add(micros / 1000 * (micros / 1000)); // in ms², so it cannot overflow
      n.increment();
      max.accumulateAndGet(micros, Math::max);
    }

    long percentile(double p) {
      long total = n.sum();
      if (total == 0) {
        return 0;
      }
      long rank = (long) Math.ceil(total * p / 100);
      long seen = 0;
      for (int b = 0; b < counts.length(); b++) {
        seen += counts.get(b);
        if (seen >= rank) {
          return Math.min(upperBound(b), max.get());
        }
      }
      return max.get();
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

    long max() {
      return max.get();
    }

    double mean() {
      long total = n.sum();
      return total == 0 ? 0 : (double) sum.sum() / total;
    }

    double stdev() {
      long total = n.sum();
      if (total < 2) {
        return 0;
      }
      double meanMs = mean() / 1000;
      double variance = Math.max(0, (double) sumSquares.sum() / total - meanMs * meanMs);
      return Math.sqrt(variance) * 1000;
    }
  }
}
