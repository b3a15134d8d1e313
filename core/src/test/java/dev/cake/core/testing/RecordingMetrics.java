package dev.cake.core.testing;

import dev.cake.core.telemetry.BusinessMetrics;
import java.util.ArrayList;
import java.util.List;

/** {@link BusinessMetrics} that keeps what it was told, in order, as "name value" lines. */
public final class RecordingMetrics implements BusinessMetrics {
  private final List<String> recorded = new ArrayList<>();

  public synchronized List<String> recorded() {
    return List.copyOf(recorded);
  }

  @Override
  public synchronized void registered() {
    recorded.add("registered");
  }

  @Override
  public synchronized void login(boolean succeeded) {
    recorded.add("login " + succeeded);
  }

  @Override
  public synchronized void voucherIssued() {
    recorded.add("voucherIssued");
  }

  @Override
  public synchronized void topup(String result) {
    recorded.add("topup " + result);
  }

  @Override
  public synchronized void enrolmentLag(long millis) {
    recorded.add("enrolmentLag " + millis);
  }
}
