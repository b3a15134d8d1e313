package dev.cake.telemetry;

import dev.cake.core.telemetry.BusinessMetrics;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/** Business counters through the OpenTelemetry API (exported by the agent; no-ops without it). */
@Singleton
public final class OtelBusinessMetrics implements BusinessMetrics {
  private static final AttributeKey<String> RESULT = AttributeKey.stringKey("result");

  private final LongCounter registrations;
  private final LongCounter logins;
  private final LongCounter vouchers;
  private final LongCounter topups;
  private final DoubleHistogram enrolmentLag;

  @Inject
  public OtelBusinessMetrics() {
    Meter meter = GlobalOpenTelemetry.getMeter("dev.cake");
    registrations = meter.counterBuilder("cake.registrations").setDescription("accounts registered").build();
    logins = meter.counterBuilder("cake.logins").setDescription("login attempts by result").build();
    vouchers = meter.counterBuilder("cake.vouchers.issued").setDescription("vouchers issued").build();
    topups = meter.counterBuilder("cake.topups").setDescription("top-ups by result").build();
    enrolmentLag = meter.histogramBuilder("cake.enrolment.lag").setUnit("ms")
        .setDescription("time from a first login to its enrolment").build();
  }

  @Override
  public void registered() {
    registrations.add(1);
  }

  @Override
  public void login(boolean succeeded) {
    logins.add(1, Attributes.of(RESULT, succeeded ? "ok" : "failed"));
  }

  @Override
  public void voucherIssued() {
    vouchers.add(1);
  }

  @Override
  public void topup(String result) {
    topups.add(1, Attributes.of(RESULT, result));
  }

  @Override
  public void enrolmentLag(long millis) {
    enrolmentLag.record(millis);
  }
}
