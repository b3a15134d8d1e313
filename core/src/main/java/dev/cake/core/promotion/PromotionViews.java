package dev.cake.core.promotion;

import java.time.Instant;
import java.util.List;

/**
 * Port: the reads behind eligibility, my promotions and my vouchers, which an adapter may serve from memory as long
 * as it honours {@link PromotionChanges}: never older than the last change announced before the read began.
 */
public interface PromotionViews {
  /** The user's promotions with their vouchers, newest first (as {@link PromotionRepository#promotionsOf}). */
  List<UserPromotion> promotionsOf(long userId);

  /**
   * The user's promotions and the active campaigns whose window contains {@code now}, newest first (as
   * {@link CampaignRepository#listActive}), read together: what eligibility is decided from.
   */
  Standing standing(long userId, Instant now);

  record Standing(List<UserPromotion> promotions, List<Campaign> activeCampaigns) {}
}
