package dev.cake.core.telemetry;

/** Port: the business counters operators watch (exported through OpenTelemetry by the adapter). */
public interface BusinessMetrics {
  void registered();

  void login(boolean succeeded);

  void voucherIssued();

  /** {@code result}: succeeded, declined or pending. */
  void topup(String result);

  /** From a first login to its enrolment by a worker. */
  void enrolmentLag(long millis);
}
