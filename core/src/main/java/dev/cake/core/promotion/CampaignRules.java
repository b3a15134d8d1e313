package dev.cake.core.promotion;

import dev.cake.core.CakeException;
import dev.cake.core.FieldError;
import dev.cake.core.money.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Validates a {@link CampaignForm} and applies the original's defaults; reports every broken rule at once. */
public final class CampaignRules {
  static final int DEFAULT_MAX_PARTICIPANTS = 100;
  static final BigDecimal DEFAULT_DISCOUNT = new BigDecimal("30.00");
  static final int DEFAULT_VALIDITY_DAYS = 30;
  private static final BigDecimal MIN_PERCENT = new BigDecimal("0.01");
  private static final BigDecimal HUNDRED = new BigDecimal("100");

  private CampaignRules() {}

  public static NewCampaign validate(CampaignForm f) {
    List<FieldError> errors = new ArrayList<>();
    String name = f.name() == null ? "" : f.name().strip();
    if (name.isEmpty()) errors.add(new FieldError("name", "name is required"));
    else if (name.length() > 255) errors.add(new FieldError("name", "name must be at most 255 characters"));

    String description = f.description() == null || f.description().isBlank() ? null : f.description().strip();
    if (description != null && description.length() > 2000) {
      errors.add(new FieldError("description", "description must be at most 2000 characters"));
    }

    String type = f.type() == null ? Campaign.FIRST_LOGIN_DISCOUNT : f.type().strip();
    if (!type.equals(Campaign.FIRST_LOGIN_DISCOUNT)) {
      errors.add(new FieldError("type", "type must be first_login_discount"));
    }

    Instant start = instant(f.startDate(), "startDate", errors);
    Instant end = instant(f.endDate(), "endDate", errors);
    if (start != null && end != null && !start.isBefore(end)) {
      errors.add(new FieldError("endDate", "endDate must be after startDate"));
    }

    int max = f.maxParticipants() == null ? DEFAULT_MAX_PARTICIPANTS : f.maxParticipants();
    if (max < 1 || max > 1_000_000) {
      errors.add(new FieldError("maxParticipants", "maxParticipants must be from 1 to 1000000"));
    }

    BigDecimal discount = f.discountPercentage() == null ? DEFAULT_DISCOUNT : f.discountPercentage();
    if (discount.stripTrailingZeros().scale() > 2 || discount.compareTo(MIN_PERCENT) < 0 || discount.compareTo(HUNDRED) > 0) {
      errors.add(new FieldError("discountPercentage",
          "discountPercentage must be from 0.01 to 100 with at most 2 decimals"));
    }

    BigDecimal minTopup = f.minTopupAmount() == null ? BigDecimal.ZERO : f.minTopupAmount();
    if (minTopup.signum() < 0 || !Money.isValidAmount(minTopup, true)) {
      errors.add(new FieldError("minTopupAmount",
          "minTopupAmount must be 0 or more, at most 100000000, with at most 2 decimals"));
    }

    BigDecimal maxDiscount = f.maxDiscountAmount();
    if (maxDiscount != null && (maxDiscount.signum() <= 0 || !Money.isValidAmount(maxDiscount, false))) {
      errors.add(new FieldError("maxDiscountAmount",
          "maxDiscountAmount must be more than 0, at most 100000000, with at most 2 decimals"));
    }

    int validity = f.voucherValidityDays() == null ? DEFAULT_VALIDITY_DAYS : f.voucherValidityDays();
    if (validity < 1 || validity > 365) {
      errors.add(new FieldError("voucherValidityDays", "voucherValidityDays must be from 1 to 365"));
    }

    if (!errors.isEmpty()) throw new CakeException.InvalidInput(errors);
    return new NewCampaign(name, description, type, start, end, max, Money.scale(discount), Money.scale(minTopup),
        maxDiscount == null ? null : Money.scale(maxDiscount), validity);
  }

  /** ISO-8601 instant with offset ("2026-01-01T00:00:00Z", "...+07:00") or a date, read as midnight UTC. */
  static Instant instant(String value, String field, List<FieldError> errors) {
    if (value == null || value.isBlank()) {
      errors.add(new FieldError(field, field + " is required"));
      return null;
    }
    try {
      return OffsetDateTime.parse(value.strip()).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return LocalDate.parse(value.strip()).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException e2) {
        errors.add(new FieldError(field, field + " must be an ISO-8601 date-time, e.g. 2026-01-01T00:00:00Z"));
        return null;
      }
    }
  }
}
