package dev.cake.core.testing;

import dev.cake.core.topup.PaymentGateway;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@link PaymentGateway} in memory: approves every charge but those to {@code decliningPhones}, answers a repeated
 * transaction id as the first time, and can be made unreachable.
 */
public final class FakeBank implements PaymentGateway {
  private final Set<String> decliningPhones;
  private final Map<String, Result> ledger = new LinkedHashMap<>();
  private int charges;
  private boolean unreachable;

  public FakeBank(String... decliningPhones) {
    this.decliningPhones = Set.of(decliningPhones);
  }

  /** How many charge calls reached the bank. */
  public synchronized int charges() {
    return charges;
  }

  public synchronized void unreachable(boolean unreachable) {
    this.unreachable = unreachable;
  }

  @Override
  public synchronized Result charge(String transactionId, BigDecimal amount, String phoneNumber,
                                    String paymentMethod) {
    if (unreachable) throw new IllegalStateException("bank unreachable");
    charges++;
    return ledger.computeIfAbsent(transactionId, id -> decliningPhones.contains(phoneNumber)
        ? Result.decline("insufficient funds") : Result.approve());
  }

  @Override
  public synchronized Status status(String transactionId) {
    Result r = ledger.get(transactionId);
    return r == null ? Status.UNKNOWN : r.approved() ? Status.APPROVED : Status.DECLINED;
  }

  @Override
  public synchronized Status voidIfUnseen(String transactionId) {
    ledger.putIfAbsent(transactionId, Result.decline("voided"));
    return status(transactionId);
  }
}
