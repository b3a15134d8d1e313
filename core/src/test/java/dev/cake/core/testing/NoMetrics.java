package dev.cake.core.testing;

import dev.cake.core.telemetry.BusinessMetrics;

/** {@link BusinessMetrics} that counts nothing. */
public final class NoMetrics implements BusinessMetrics {
  @Override
  public void registered() {}

  @Override
  public void login(boolean succeeded) {}

  @Override
  public void voucherIssued() {}

  @Override
  public void topup(String result) {}

  @Override
  public void enrolmentLag(long millis) {}
}
