package dev.cake.http.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server of the test's own on a free port (as in the workers' tests), so the test can stop, freeze and thaw
 * it without touching the machine's Redis. {@link #freeze()} is {@code kill -STOP}: the server keeps its connections
 * and accepts new ones (the kernel does) but answers nothing, like a hung host.
 */
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

  /** {@code kill -STOP}: connections stay open, nothing answers. */
  public void freeze() throws IOException, InterruptedException {
    signal("STOP");
  }

  /** {@code kill -CONT}. */
  public void thaw() throws IOException, InterruptedException {
    signal("CONT");
  }

  private void signal(String name) throws IOException, InterruptedException {
    int exit = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
    if (exit != 0) throw new IllegalStateException("kill -" + name + " " + process.pid() + " exited " + exit);
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
  public void close() throws Exception {
    if (process != null) {
      if (process.isAlive()) thaw(); // never leave a stopped process behind
      kill();
    }
  }
}
