package dev.cake.persistence.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A Redis master, a replica and three Sentinels (quorum 2, down after 1 s) of the test's own, on free ports in a
 * temporary directory: the test can kill the master and watch the Sentinels promote the replica without touching the
 * machine's Redis. Needs {@code redis-server} and {@code redis-sentinel} (Debian: redis-server, redis-sentinel).
 */
public final class SentinelCluster implements AutoCloseable {
  public static final String MASTER = "cake-test";

  private final Path dir;
  private final int[] redisPorts = new int[2];
  private final int[] sentinelPorts = new int[3];
  private final Process[] redis = new Process[2];
  private final List<Process> sentinels = new ArrayList<>();

  public SentinelCluster() throws IOException {
    dir = Files.createTempDirectory("cake-sentinel");
    for (int i = 0; i < 2; i++) redisPorts[i] = freePort();
    for (int i = 0; i < 3; i++) sentinelPorts[i] = freePort();
  }

  /** {@code redis-sentinel://127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3/cake-test?db=0} */
  public String url() {
    return "redis-sentinel://" + java.util.Arrays.stream(sentinelPorts).mapToObj(p -> "127.0.0.1:" + p)
        .collect(Collectors.joining(",")) + "/" + MASTER + "?db=0";
  }

  public int masterPort() {
    return redisPorts[0];
  }

  public int replicaPort() {
    return redisPorts[1];
  }

  /** Starts both servers and the three Sentinels; what started is stopped again if any of them fails to. */
  public SentinelCluster start() throws IOException, InterruptedException {
    try {
      startAll();
    } catch (IOException | InterruptedException | RuntimeException e) {
      try {
        close();
      } catch (Exception stopping) {
        e.addSuppressed(stopping);
      }
      throw e;
    }
    return this;
  }

  private void startAll() throws IOException, InterruptedException {
    redis[0] = redis(redisPorts[0]);
    redis[1] = redis(redisPorts[1], "--replicaof", "127.0.0.1", Integer.toString(redisPorts[0]));
    for (int port : sentinelPorts) {
      Path conf = dir.resolve("sentinel-" + port + ".conf");
      Files.writeString(conf, String.join("\n",
          "port " + port, "bind 127.0.0.1", "dir " + dir,
          "sentinel monitor " + MASTER + " 127.0.0.1 " + redisPorts[0] + " 2",
          "sentinel down-after-milliseconds " + MASTER + " 1000",
          "sentinel failover-timeout " + MASTER + " 5000", ""));
      sentinels.add(start(port, "redis-sentinel", conf.toString()));
    }
  }

  private Process redis(int port, String... extra) throws IOException, InterruptedException {
    var command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--dir", dir.toString()));
    command.addAll(List.of(extra));
    return start(port, command.toArray(String[]::new));
  }

  private static Process start(int port, String... command) throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      throw new IOException(command[0] + " is not installed (apt-get install -y redis-server redis-sentinel)", e);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!listening(port)) {
      if (System.nanoTime() > deadline) throw new IllegalStateException(command[0] + " did not start on " + port);
      Thread.sleep(20);
    }
    return p;
  }

  /** SIGKILL the original master (its data is gone: it keeps nothing on disk). */
  public void killMaster() throws InterruptedException {
    redis[0].destroyForcibly();
    redis[0].waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGSTOP / SIGCONT the original master: it keeps its connections and answers nothing, like a hung host. */
  public void freezeMaster(boolean frozen) throws IOException, InterruptedException {
    new ProcessBuilder("kill", frozen ? "-STOP" : "-CONT", Long.toString(redis[0].pid())).inheritIO().start().waitFor();
  }

  private static boolean listening(int port) {
    try (var socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws Exception {
    for (Process p : sentinels) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    for (Process p : redis) {
      if (p != null && p.isAlive()) {
        new ProcessBuilder("kill", "-CONT", Long.toString(p.pid())).start().waitFor();
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }
}
