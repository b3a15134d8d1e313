package dev.cake.workers.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

/** A redis-server of the test's own on a free port, so the test can stop and restart it without touching others. */
public final class RedisServer implements AutoCloseable {
  private final int port;
  private Process process;

  public RedisServer() throws IOException {
    try (var socket = new ServerSocket(0)) {
      this.port = socket.getLocalPort();
    }
  }

  public String url() {
    return "redis://127.0.0.1:" + port + "/0";
  }

  public RedisServer start() throws IOException, InterruptedException {
    try {
      process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
          "--save", "", "--appendonly", "no").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      throw new IOException("redis-server is not installed (apt-get install -y redis-server; .ci/run does it)", e);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!listening()) {
      if (System.nanoTime() > deadline) throw new IllegalStateException("redis-server did not start on " + port);
      Thread.sleep(20);
    }
    return this;
  }

  /** Kills the server outright (its data is gone: it keeps nothing on disk). */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  private boolean listening() {
    try (var socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null) kill();
  }
}
