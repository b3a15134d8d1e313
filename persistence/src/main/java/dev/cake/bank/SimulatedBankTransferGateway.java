package dev.cake.bank;

import dev.cake.persistence.PersistenceSettings.PaymentSettings;
import dev.cake.core.topup.PaymentGateway;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.util.concurrent.ThreadLocalRandom;
import org.jdbi.v3.core.Jdbi;

/**
 * A stand-in for the bank: waits {@code CAKE_PAYMENT_LATENCY_MS} (100 ms, as the original), declines
 * {@code CAKE_PAYMENT_DECLINE_RATE} of charges at random, and always declines top-ups to {@link #DECLINE_PHONE}
 * (the deterministic trigger for tests and demos). Its ledger is a table of its own in PostgreSQL
 * ({@code bank.transfers}), so every API and worker process sees the same bank and, like a real bank, it does not
 * forget a charge when our Redis loses its data: charging is idempotent per transaction id and the recovery job can
 * always ask for a transaction's status.
 */
@Singleton
public final class SimulatedBankTransferGateway implements PaymentGateway {
  /** Top-ups to this number are always declined. */
  public static final String DECLINE_PHONE = "+84900000402";
  private static final String APPROVED = "approved";
  private static final String DECLINED = "declined";

  private final PaymentSettings settings;
  private final BankLedgerDao ledger;

  @Inject
  public SimulatedBankTransferGateway(PaymentSettings settings, Jdbi jdbi) {
    this.settings = settings;
    this.ledger = jdbi.onDemand(BankLedgerDao.class);
  }

  @Override
  public Result charge(String transactionId, BigDecimal amount, String phoneNumber, String paymentMethod) {
    sleep();
    Result decision;
    if (DECLINE_PHONE.equals(phoneNumber)) decision = Result.decline("insufficient funds (simulated)");
    else if (ThreadLocalRandom.current().nextDouble() < settings.declineRate()) {
      decision = Result.decline("insufficient funds");
    } else decision = Result.approve();
    if (ledger.record(transactionId, decision.approved() ? amount : null,
        decision.approved() ? APPROVED : DECLINED, decision.reason()) == 0) {
      // charged before: the bank answers as it did the first time
      var first = ledger.find(transactionId).orElseThrow();
      return first.status().equals(APPROVED) ? Result.approve() : Result.decline(first.reason());
    }
    return decision;
  }

  @Override
  public Status status(String transactionId) {
    return ledger.find(transactionId)
        .map(e -> e.status().equals(APPROVED) ? Status.APPROVED : Status.DECLINED)
        .orElse(Status.UNKNOWN);
  }

  @Override
  public Status voidIfUnseen(String transactionId) {
    ledger.record(transactionId, null, DECLINED, "voided");
    return status(transactionId);
  }

  private void sleep() {
    long millis = settings.latency().toMillis();
    if (millis == 0) return;
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while charging", e);
    }
  }
}
