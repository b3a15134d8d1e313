package dev.cake.core.promotion;

import dev.cake.core.audit.AuditEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Port: campaigns. */
public interface CampaignRepository {
  /** Creates it and writes {@code audit} (its target completed with the new id) in the same transaction. */
  Campaign create(NewCampaign campaign, AuditEvent audit);

  Optional<Campaign> findById(long id);

  /** Campaigns with status active whose window has not ended, newest first. */
  List<Campaign> listActive(Instant now);

  /** Active, inactive or full campaigns whose window has ended become expired; returns how many. */
  int expireEnded(Instant now);

  /** Sets the status if the campaign is currently in {@code from}; empty when it was not (or does not exist). */
  Optional<Campaign> changeStatus(long id, CampaignStatus from, CampaignStatus to);

  /** {@link #changeStatus(long, CampaignStatus, CampaignStatus)} and {@code audit} in one transaction. */
  Optional<Campaign> changeStatus(long id, CampaignStatus from, CampaignStatus to, AuditEvent audit);
}
