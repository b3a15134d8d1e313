package dev.cake.core.promotion;

import java.util.Locale;

public enum CampaignStatus {
  ACTIVE, INACTIVE, FULL, EXPIRED;

  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static CampaignStatus of(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
