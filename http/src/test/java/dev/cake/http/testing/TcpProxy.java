package dev.cake.http.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy of the test's own in front of a server (PostgreSQL): {@link #freeze()} stops forwarding bytes in both
 * directions while every socket stays open, as a partition or a frozen host looks to both ends; {@link #thaw()}
 * resumes. New connections are still accepted while frozen (their handshake then hangs). {@link #stop()} is a server
 * that went down: every connection is closed and new ones are refused until {@link #start()} listens again on the same
 * port. One virtual thread per direction and connection.
 */
public final class TcpProxy implements AutoCloseable {
  private final String targetHost;
  private final int targetPort;
  private final int port;
  private volatile ServerSocket server;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final Object gate = new Object();
  private volatile boolean frozen;
  private volatile boolean closed;

  public TcpProxy(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    this.port = server.getLocalPort();
    Thread.ofVirtual().name("proxy-accept").start(() -> accept(server));
  }

  public int port() {
    return port;
  }

  /** Like the server going down: open connections are cut and new ones refused. */
  public void stop() throws IOException {
    server.close();
    sockets.forEach(TcpProxy::closeQuietly);
    sockets.clear();
  }

  /** Listens again on the same port after {@link #stop()}. */
  public void start() throws IOException {
    var socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
    server = socket;
    Thread.ofVirtual().name("proxy-accept").start(() -> accept(socket));
  }

  public void freeze() {
    frozen = true;
  }

  public void thaw() {
    synchronized (gate) {
      frozen = false;
      gate.notifyAll();
    }
  }

  private void accept(ServerSocket listening) {
    while (!closed && !listening.isClosed()) {
      try {
        Socket client = listening.accept();
        Socket upstream = new Socket(targetHost, targetPort);
        sockets.add(client);
        sockets.add(upstream);
        Thread.ofVirtual().start(() -> pump(client, upstream));
        Thread.ofVirtual().start(() -> pump(upstream, client));
      } catch (IOException e) {
        if (!closed && !listening.isClosed()) System.err.println("proxy: " + e);
      }
    }
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      while (true) {
        awaitThawed();
        int n = in.read(buffer);
        if (n < 0) break;
        awaitThawed(); // bytes read just before a freeze are held until the thaw
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // one side went away: close both below
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private void awaitThawed() throws InterruptedException {
    if (!frozen) return;
    synchronized (gate) {
      while (frozen && !closed) gate.wait();
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    thaw();
    server.close();
    sockets.forEach(TcpProxy::closeQuietly);
  }
}
