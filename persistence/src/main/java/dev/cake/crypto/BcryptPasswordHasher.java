package dev.cake.crypto;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.cake.core.auth.PasswordHasher;
import dev.cake.core.auth.PasswordRules;
import dev.cake.core.auth.PasswordSettings;
import io.opentelemetry.api.GlobalOpenTelemetry;
import dev.cake.process.Managed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;

/**
 * bcrypt ($2b$, cost from config): the system's libcrypt through the FFM API when it is there and correct (the
 * fastest measured here), else the pure-Java at.favre implementation; both read and write the same hashes.
 *
 * <p>Hashing runs on {@code hashConcurrency} dedicated platform threads, never on a request's virtual thread: a hash
 * is tens of milliseconds of CPU (a native call pins its carrier besides), and virtual threads are not time-sliced,
 * so hashing on the carriers would stall every other request, including the ones holding a database connection.
 * On platform threads the kernel shares the cores between hashing and everything else. A caller's hash must be
 * done within {@code hashQueueTimeout} (default 3 s): {@link HashQueue} accepts it only when it can finish by then
 * (measured hash time × hashes ahead) and answers the others at once with a 503 and Retry-After, so a login storm
 * spends the hashing on logins that succeed instead of on answers dropped at the deadline.
 */
@Singleton
public final class BcryptPasswordHasher implements PasswordHasher, Managed, AutoCloseable {
  private final int cost;
  private final HashQueue queue;
  private final String dummyHash;
  private final Optional<LibcryptBcrypt> nativeBcrypt;

  @Inject
  public BcryptPasswordHasher(PasswordSettings settings) {
    this.cost = settings.bcryptCost();
    this.nativeBcrypt = LibcryptBcrypt.load();
    long started = System.nanoTime();
    this.dummyHash = rawHash("cake-dummy-password-for-timing");
    // the first estimate of a hash's time, until the hashing threads measure their own
    Duration firstHash = Duration.ofNanos(System.nanoTime() - started);
    this.queue = new HashQueue(settings.hashConcurrency(), settings.hashQueueTimeout(), firstHash);
    LoggerFactory.getLogger(BcryptPasswordHasher.class).info(
        "password hashing: bcrypt cost {} via {}, {} hashing threads, {} ms a hash at start", cost,
        implementation(), settings.hashConcurrency(), firstHash.toMillis());
    var meter = GlobalOpenTelemetry.getMeter("dev.cake");
    meter.gaugeBuilder("cake.hashing.queue.depth").ofLongs().setDescription("hashes waiting for a hashing thread")
        .buildWithCallback(m -> m.record(queue.depth()[0]));
    meter.gaugeBuilder("cake.hashing.active").ofLongs().setDescription("hashing threads busy")
        .buildWithCallback(m -> m.record(queue.depth()[1]));
    var waits = meter.histogramBuilder("cake.hashing.wait").setUnit("s")
        .setDescription("time a hash waited in the queue for a hashing thread")
        .setExplicitBucketBoundariesAdvice(List.of(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0))
        .build();
    queue.onWait(nanos -> waits.record(nanos / 1e9));
    meter.counterBuilder("cake.hashing.rejected")
        .setDescription("hashes refused or dropped because they could not finish in time (answered 503)")
        .buildWithCallback(m -> {
          var c = queue.counts();
          m.record(c.refused() + c.expired());
        });
  }

  /** Stops the hashing threads: queued callers get a 503, running hashes are delivered. */
  @Override
  public void close() {
    queue.close();
  }

  /** How the hashes requested so far ended (tests, logs). */
  HashQueue.Counts counts() {
    return queue.counts();
  }

  /** Hashes the NFC form: the same password typed on two devices may arrive composed or decomposed. */
  @Override
  public String hash(String password) {
    return onHashingThread(() -> rawHash(nfc(password)));
  }

  /**
   * Verifies the NFC form, and when that fails and the password as typed differs, the form as typed too (hashes
   * stored before passwords were normalised): both on one hashing thread, one turn in the queue.
   */
  @Override
  public boolean verify(Turn turn, String password, String hash) {
    String normalised = nfc(password);
    return queue.run(place(turn), () -> verifyOne(normalised, hash)
        || (!normalised.equals(password) && verifyOne(password, hash)));
  }

  @Override
  public Turn reserve() {
    return queue.reserve();
  }

  private HashQueue.Place place(Turn turn) {
    if (turn instanceof HashQueue.Place place) return place;
    throw new IllegalArgumentException("not a place reserved by this hasher: " + turn);
  }

  private boolean verifyOne(String password, String hash) {
    if (password.getBytes(StandardCharsets.UTF_8).length > PasswordRules.MAX_BYTES) return false;
    return useNative(password)
        ? nativeBcrypt.get().verify(password, hash)
        : BCrypt.verifyer(BCrypt.Version.VERSION_2B)
            .verify(password.getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.UTF_8)).verified;
  }

  static String nfc(String password) {
    return Normalizer.normalize(password, Normalizer.Form.NFC);
  }

  /** Which implementation runs, for the start-up log and the bench report. */
  public String implementation() {
    return nativeBcrypt.isPresent() ? "libcrypt (FFM)" : "at.favre (pure Java)";
  }

  /** C strings end at NUL: such passwords (allowed, if odd) always take the Java path, for hashing and verifying. */
  private boolean useNative(String password) {
    return nativeBcrypt.isPresent() && password.indexOf('\0') < 0;
  }

  @Override
  public void verifyDummy(Turn turn, String password) {
    verify(turn, password, dummyHash);
  }

  private String rawHash(String password) {
    if (useNative(password)) return nativeBcrypt.get().hash(password, cost);
    return new String(BCrypt.with(BCrypt.Version.VERSION_2B)
        .hash(cost, password.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
  }

  private <T> T onHashingThread(Callable<T> work) {
    return queue.run(work);
  }

  @Override
  public Stage stage() {
    return Stage.EXECUTORS;
  }

  /** Ends the hashing threads (the server has stopped taking requests by now). */
  @Override
  public void stop() {
    close();
  }
}
