package dev.cake.core.promotion;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Port: campaigns. */
public interface CampaignRepository {
  Campaign create(NewCampaign campaign);

  Optional<Campaign> findById(long id);

  /** Campaigns with status active whose window has not ended, newest first. */
  List<Campaign> listActive(Instant now);

  /** Active, inactive or full campaigns whose window has ended become expired; returns how many. */
  int expireEnded(Instant now);

  /** Sets the status if the campaign is currently in {@code from}; empty when it was not (or does not exist). */
  Optional<Campaign> changeStatus(long id, CampaignStatus from, CampaignStatus to);
}
