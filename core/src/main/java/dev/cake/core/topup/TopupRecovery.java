package dev.cake.core.topup;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
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

  @Inject
  public TopupRecovery(TopupRepository topups, PaymentGateway gateway) {
    this.topups = topups;
    this.gateway = gateway;
  }

  /** Returns how many top-ups and vouchers were settled. */
  public int settle(Duration olderThan) {
    int settled = 0;
    for (Topup stale : topups.pendingOlderThan(olderThan, 100)) {
      var status = gateway.voidIfUnseen(stale.transactionId());
      var result = status == PaymentGateway.Status.APPROVED
          ? PaymentGateway.Result.approve()
          : PaymentGateway.Result.decline("not completed (settled by recovery)");
      Topup after = topups.settle(stale, result);
      log.info("recovered top-up {}: {}", stale.transactionId(), after.status().value());
      settled++;
    }
    int released = topups.releaseOrphanReservations(olderThan);
    if (released > 0) log.info("released {} voucher reservation(s) with no pending top-up", released);
    return settled + released;
  }
}
