package dev.cake.core.topup;

import dev.cake.core.audit.AuditEvent;
import dev.cake.core.audit.AuditLog;
import dev.cake.core.CakeException;
import dev.cake.core.FieldError;
import dev.cake.core.limits.AbuseLimits;
import dev.cake.core.money.Money;
import dev.cake.core.phone.PhoneNumbers;
import dev.cake.core.promotion.PromotionChanges;
import dev.cake.core.telemetry.BusinessMetrics;
import dev.cake.core.topup.TopupRepository.PendingTopup;
import dev.cake.core.topup.TopupRepository.Reservation;
import dev.cake.core.voucher.Discounts;
import dev.cake.core.voucher.Voucher;
import dev.cake.core.voucher.VoucherCodes;
import dev.cake.core.voucher.VoucherRepository;
import dev.cake.core.voucher.VoucherStatus;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mobile top-up paid by bank transfer, optionally with a voucher (docs/ARCHITECTURE.md, "Top-up"): price it here
 * from the voucher's terms, reserve the voucher and write the pending top-up in one transaction, charge outside any
 * transaction, settle in a second transaction as decided here from the bank's answer ({@link Settlement}).
 */
@Singleton
public final class TopupService {
  private static final Logger log = LoggerFactory.getLogger(TopupService.class);
  public static final String BANK_TRANSFER = "bank_transfer";
  public static final int MAX_IDEMPOTENCY_KEY = 255;
  private static final String INVALID_VOUCHER = "Invalid voucher code";

  private final TopupRepository topups;
  private final VoucherRepository vouchers;
  private final PromotionChanges changes;
  private final PaymentGateway gateway;
  private final PhoneNumbers phones;
  private final AbuseLimits limits;
  private final BusinessMetrics metrics;
  private final Clock clock;
  private final AuditLog audit;

  @Inject
  public TopupService(TopupRepository topups, VoucherRepository vouchers, PromotionChanges changes,
                      PaymentGateway gateway, PhoneNumbers phones, AbuseLimits limits, BusinessMetrics metrics,
                      Clock clock, AuditLog audit) {
    this.audit = audit;
    this.topups = topups;
    this.vouchers = vouchers;
    this.changes = changes;
    this.gateway = gateway;
    this.phones = phones;
    this.limits = limits;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** The outcome of a top-up; {@code replayed} when an Idempotency-Key matched an earlier identical request. */
  public record Outcome(Topup topup, boolean replayed) {}

  /**
   * @throws CakeException.PaymentDeclined when the bank declined (the voucher is usable again)
   */
  public Outcome topup(long userId, TopupForm form, String idempotencyKey) {
    TopupRequest request = validate(userId, form);
    String key = idempotencyKey == null || idempotencyKey.isBlank() ? null : idempotencyKey.strip();
    if (key != null && key.length() > MAX_IDEMPOTENCY_KEY) {
      throw new CakeException.InvalidInput("Idempotency-Key", "Idempotency-Key must be at most 255 characters");
    }
    String hash = key == null ? null : requestHash(request);
    if (key != null) {
      var previous = topups.findByIdempotencyKey(userId, key);
      if (previous.isPresent()) return replay(previous.get(), hash); // replays are free: no limit, no charge
    }
    limits.beforeTopup(userId);

    String transactionId = "TXN-" + UUID.randomUUID().toString().replace("-", "").toUpperCase(Locale.ROOT);
    Topup pending;
    switch (topups.reserve(price(request, transactionId, key, hash, clock.instant()))) {
      case Reservation.Reserved r -> {
        pending = r.pending();
        if (pending.voucherId() != null) changes.userChanged(userId); // the voucher now reads as reserved
      }
      case Reservation.KeyTaken _ -> {
        return replay(topups.findByIdempotencyKey(userId, key).orElseThrow(), hash);
      }
      case Reservation.VoucherUnavailable u -> throw unavailable(u.state());
    }

    PaymentGateway.Result result;
    try {
      result = gateway.charge(transactionId, pending.finalAmount(), pending.phoneNumber(), pending.paymentMethod());
    } catch (RuntimeException e) {
      log.error("payment gateway failed for {}: left pending for the recovery job", transactionId, e);
      metrics.topup("pending");
      throw new CakeException.TemporarilyUnavailable("Payment is pending; its result will be settled shortly");
    }
    Topup settled = topups.settle(pending, Settlement.of(result, clock.instant()));
    if (settled.voucherId() != null) changes.userChanged(userId); // used, or active again: before the answer
    metrics.topup(settled.status() == TopupStatus.SUCCEEDED ? "succeeded" : "declined");
    log.info("top-up {} {} (amount {}, discount {}, voucher {})", transactionId, settled.status().value(),
        settled.originalAmount(), settled.discountAmount(), settled.voucherCode());
    return finish(settled, false);
  }

  /**
   * The top-up as it will be written: without a voucher at full price; with one, the user's own voucher must be
   * usable at {@code now} and admit the amount, and the discount is its terms' ({@link Discounts}). The reservation
   * then claims it only if it is still active (a concurrent top-up may have taken it since this read).
   */
  private PendingTopup price(TopupRequest request, String transactionId, String key, String hash, Instant now) {
    if (request.voucherCode() == null) return PendingTopup.priced(request, null, transactionId, key, hash, now);
    Voucher voucher = vouchers.voucherOf(request.userId(), request.voucherCode()).orElseThrow(() -> {
      // someone else's voucher answers like an unknown code, and is audited: codes are being tried or shared
      vouchers.ownerOf(request.voucherCode()).filter(owner -> owner != request.userId()).ifPresent(owner ->
          audit.record(AuditEvent.refused("topup.foreign_voucher", "user:" + owner)));
      return new CakeException.NotFound(INVALID_VOUCHER);
    });
    VoucherStatus state = voucher.effectiveStatus(now);
    if (state != VoucherStatus.ACTIVE) throw unavailable(state);
    return PendingTopup.priced(request, voucher, transactionId, key, hash, now);
  }

  /** The original's messages: one for used, expired or cancelled; "Invalid voucher code" for an unknown one. */
  private static CakeException unavailable(VoucherStatus state) {
    return switch (state) {
      case USED -> new CakeException.StateConflict("voucherCode", "Voucher is expired or already used");
      case RESERVED -> new CakeException.StateConflict("voucherCode", "Voucher is being used by another top-up");
      case EXPIRED, CANCELLED -> new CakeException.Refused("Voucher is expired or already used");
      case ACTIVE -> new CakeException.NotFound(INVALID_VOUCHER);
    };
  }

  public List<Topup> history(long userId, Long beforeId, Integer limit) {
    int n = limit == null ? 20 : limit;
    if (n < 1 || n > 100) throw new CakeException.InvalidInput("limit", "limit must be from 1 to 100");
    if (beforeId != null && beforeId < 1) throw new CakeException.InvalidInput("before", "before must be a top-up id");
    return topups.history(userId, beforeId, n);
  }

  private Outcome replay(TopupRepository.Keyed previous, String hash) {
    if (!previous.requestHash().equals(hash)) {
      throw new CakeException.Refused("Idempotency-Key was already used with a different request");
    }
    if (previous.topup().status() == TopupStatus.PENDING) {
      throw new CakeException.StateConflict(null, "A request with this Idempotency-Key is still in progress");
    }
    return finish(previous.topup(), true);
  }

  private static Outcome finish(Topup topup, boolean replayed) {
    return switch (topup.status()) {
      case SUCCEEDED -> new Outcome(topup, replayed);
      case FAILED -> throw new CakeException.PaymentDeclined("Payment processing failed");
      case PENDING -> throw new CakeException.TemporarilyUnavailable("Payment is pending; its result will be settled shortly");
    };
  }

  TopupRequest validate(long userId, TopupForm form) {
    List<FieldError> errors = new ArrayList<>();
    String phone = null;
    if (form.phoneNumber() == null || form.phoneNumber().isBlank()) {
      errors.add(new FieldError("phoneNumber", "phoneNumber is required"));
    } else {
      phone = phones.normalise(form.phoneNumber()).orElse(null);
      if (phone == null) errors.add(new FieldError("phoneNumber", "phoneNumber must be a valid phone number"));
    }
    if (form.amount() == null) {
      errors.add(new FieldError("amount", "amount is required"));
    } else if (!Money.isValidAmount(form.amount(), false)) {
      errors.add(new FieldError("amount",
          "amount must be a number more than 0, at most 100000000, with at most 2 decimals"));
    }
    String method = form.paymentMethod() == null ? BANK_TRANSFER : form.paymentMethod().strip();
    if (!method.equals(BANK_TRANSFER)) {
      errors.add(new FieldError("paymentMethod", "paymentMethod must be bank_transfer"));
    }
    String code = form.voucherCode() == null || form.voucherCode().isBlank()
        ? null : form.voucherCode().strip().toUpperCase(Locale.ROOT);
    if (!errors.isEmpty()) throw new CakeException.InvalidInput(errors);
    // as in the original, a code that cannot be a voucher is an unknown one (before any database work)
    if (code != null && !VoucherCodes.looksValid(code)) throw new CakeException.NotFound(INVALID_VOUCHER);
    return new TopupRequest(userId, phone, Money.scale(form.amount()), code, method);
  }

  static String requestHash(TopupRequest r) {
    String canonical = String.join("|", r.phoneNumber(), r.amount().toPlainString(),
        r.voucherCode() == null ? "" : r.voucherCode(), r.paymentMethod());
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
