package dev.cake.logging;

import ch.qos.logback.core.OutputStreamAppender;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * stderr through a buffer, for the high-volume lines (the access log): lines are written in blocks of up to
 * {@code bufferSize} bytes and flushed at least every {@code flushMillis}, instead of one write and flush per line
 * as {@code ConsoleAppender} does. A line may reach the console up to {@code flushMillis} late; at stop the buffer is
 * flushed. Lines that must never wait or be lost (WARN, ERROR) go through a plain ConsoleAppender instead.
 */
public final class BufferedConsoleAppender<E> extends OutputStreamAppender<E> {
  private int bufferSize = 64 * 1024;
  private long flushMillis = 200;
  private ScheduledExecutorService flusher;

  public void setBufferSize(int bytes) {
    this.bufferSize = bytes;
  }

  public void setFlushMillis(long millis) {
    this.flushMillis = millis;
  }

  @Override
  public void start() {
    // System.err as it is now (tests replace it); closing this appender never closes it
    PrintStream stderr = System.err;
    setOutputStream(new BufferedOutputStream(new FilterOutputStream(stderr) {
      @Override
      public void write(byte[] b, int off, int len) {
        stderr.write(b, off, len);
      }

      @Override
      public void close() {
        stderr.flush();
      }
    }, bufferSize));
    setImmediateFlush(false);
    super.start();
    flusher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("log-flush").factory());
    flusher.scheduleWithFixedDelay(this::flush, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    if (flusher != null) flusher.shutdownNow();
    flush();
    super.stop();
  }

  private void flush() {
    streamWriteLock.lock();
    try {
      OutputStream out = getOutputStream();
      if (out != null) out.flush();
    } catch (IOException e) {
      addError("could not flush the log buffer", e);
    } finally {
      streamWriteLock.unlock();
    }
  }
}
