package dev.cake.persistence.payment;

import dev.cake.core.config.Config.PaymentSettings;
import dev.cake.core.topup.PaymentGateway;
import dev.cake.persistence.redis.RedisKeys;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.util.concurrent.ThreadLocalRandom;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;

/**
 * A stand-in for the bank: waits {@code CAKE_PAYMENT_LATENCY_MS} (100 ms, as the original), declines
 * {@code CAKE_PAYMENT_DECLINE_RATE} of charges at random, and always declines top-ups to {@link #DECLINE_PHONE}
 * (the deterministic trigger for tests and demos). Its ledger lives in Redis ({@code bank:tx:{transactionId}}, kept
 * 30 days), so every API and worker process sees the same bank: charging is idempotent per transaction id and the
 * recovery job can ask for a transaction's status.
 */
@Singleton
public final class SimulatedBankTransferGateway implements PaymentGateway {
  /** Top-ups to this number are always declined. */
  public static final String DECLINE_PHONE = "+84900000402";
  private static final long LEDGER_TTL_SECONDS = 30L * 24 * 3600;

  private final PaymentSettings settings;
  private final RedisClient redis;
  private final RedisKeys keys;

  @Inject
  public SimulatedBankTransferGateway(PaymentSettings settings, RedisClient redis, RedisKeys keys) {
    this.settings = settings;
    this.redis = redis;
    this.keys = keys;
  }

  @Override
  public Result charge(String transactionId, BigDecimal amount, String phoneNumber, String paymentMethod) {
    sleep();
    Result decision;
    if (DECLINE_PHONE.equals(phoneNumber)) decision = Result.decline("insufficient funds (simulated)");
    else if (ThreadLocalRandom.current().nextDouble() < settings.declineRate()) {
      decision = Result.decline("insufficient funds");
    } else decision = Result.approve();
    String entry = decision.approved() ? "approved" : "declined:" + decision.reason();
    String key = keys.key("bank:tx:" + transactionId);
    if (redis.set(key, entry, SetParams.setParams().nx().ex(LEDGER_TTL_SECONDS)) == null) {
      return toResult(redis.get(key)); // charged before: the bank answers as it did the first time
    }
    return decision;
  }

  @Override
  public Status status(String transactionId) {
    String entry = redis.get(keys.key("bank:tx:" + transactionId));
    if (entry == null) return Status.UNKNOWN;
    return entry.equals("approved") ? Status.APPROVED : Status.DECLINED;
  }

  @Override
  public Status resolve(String transactionId) {
    String key = keys.key("bank:tx:" + transactionId);
    redis.set(key, "declined:voided", SetParams.setParams().nx().ex(LEDGER_TTL_SECONDS));
    return status(transactionId);
  }

  private static Result toResult(String entry) {
    if (entry == null || entry.equals("approved")) return Result.approve();
    return Result.decline(entry.substring("declined:".length()));
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
