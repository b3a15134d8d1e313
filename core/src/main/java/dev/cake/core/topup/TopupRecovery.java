package dev.cake.core.topup;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles what a crash left behind (docs/ARCHITECTURE.md, "Top-up recovery"): a top-up still pending after the deadline
 * is settled by the bank's final answer, and a voucher still reserved with no pending top-up is released.
 */
@Singleton
public final class TopupRecovery {
  private static final Logger log = LoggerFactory.getLogger(TopupRecovery.class);

  private final TopupRepository topups;
  private final PaymentGateway gateway;
  private final Clock clock;

  @Inject
  public TopupRecovery(TopupRepository topups, PaymentGateway gateway, Clock clock) {
    this.topups = topups;
    this.gateway = gateway;
    this.clock = clock;
  }

  /** Returns how many top-ups and vouchers were settled. */
  public int settle(Duration olderThan) {
    int settled = 0;
    Instant cutoff = clock.instant().minus(olderThan);
    for (Topup stale : topups.pendingBefore(cutoff, 100)) {
      var status = gateway.voidIfUnseen(stale.transactionId());
      var result = status == PaymentGateway.Status.APPROVED
          ? PaymentGateway.Result.approve()
          : PaymentGateway.Result.decline("not completed (settled by recovery)");
      Topup after = topups.settle(stale, Settlement.of(result, clock.instant()));
      log.info("recovered top-up {}: {}", stale.transactionId(), after.status().value());
      settled++;
    }
    int released = topups.releaseOrphanReservations(cutoff).size();
    if (released > 0) log.info("released {} voucher reservation(s) with no pending top-up", released);
    return settled + released;
  }
}
