package dev.cake.core.promotion;

import dev.cake.core.CakeException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Campaign administration and the public campaign list. */
@Singleton
public final class CampaignService {
  private static final Logger log = LoggerFactory.getLogger(CampaignService.class);

  private final CampaignRepository campaigns;
  private final PromotionChanges changes;
  private final Clock clock;

  @Inject
  public CampaignService(CampaignRepository campaigns, PromotionChanges changes, Clock clock) {
    this.changes = changes;
    this.campaigns = campaigns;
    this.clock = clock;
  }

  public Campaign create(CampaignForm form) {
    Campaign created = campaigns.create(CampaignRules.validate(form),
        dev.cake.core.audit.AuditEvent.success("campaign.created", "campaign"));
    changes.campaignsChanged();
    log.info("campaign {} '{}' created: {} slots, {}% off", created.id(), created.name(),
        created.maxParticipants(), created.discountPercentage());
    return created;
  }

  public List<Campaign> listActive() {
    return campaigns.listActive(clock.instant());
  }

  public Campaign get(long id) {
    return campaigns.findById(id).orElseThrow(() -> new CakeException.NotFound("Campaign not found"));
  }

  /**
   * A campaign as anyone but an admin may see it: a paused, scheduled (not started) or ended one is not found, as it
   * is absent from the public list. A full campaign that is still running is shown.
   */
  public Campaign getPublished(long id) {
    Campaign campaign = get(id);
    Instant now = clock.instant();
    boolean running = campaign.status() == CampaignStatus.ACTIVE || campaign.status() == CampaignStatus.FULL;
    if (!running || campaign.startAt().isAfter(now) || !campaign.endAt().isAfter(now)) {
      throw new CakeException.NotFound("Campaign not found");
    }
    return campaign;
  }

  /**
   * Pause (active to inactive), resume (inactive to active) or end (anything but expired to expired). A full campaign
   * cannot be resumed: its slots are gone.
   */
  public Campaign changeStatus(long id, String requested) {
    CampaignStatus to;
    try {
      to = requested == null ? null : CampaignStatus.of(requested.strip());
    } catch (IllegalArgumentException e) {
      to = null;
    }
    if (to == null || to == CampaignStatus.FULL) {
      throw new CakeException.InvalidInput("status", "status must be active, inactive or expired");
    }
    Campaign current = get(id);
    if (current.status() == to) return current;
    boolean allowed = switch (to) {
      case INACTIVE -> current.status() == CampaignStatus.ACTIVE;
      case ACTIVE -> current.status() == CampaignStatus.INACTIVE;
      case EXPIRED -> true;
      case FULL -> false;
    };
    if (!allowed) {
      throw new CakeException.StateConflict("status",
          "Cannot change the campaign from " + current.status().value() + " to " + to.value());
    }
    Campaign changed = campaigns.changeStatus(id, current.status(), to,
            dev.cake.core.audit.AuditEvent.success("campaign.changed", "campaign:" + id)
                .withDetail("status " + current.status().value() + " -> " + to.value()))
        .orElseThrow(() -> new CakeException.StateConflict("status", "Campaign changed meanwhile; read it and retry"));
    changes.campaignsChanged();
    log.info("campaign {} status {} -> {}", id, current.status().value(), to.value());
    return changed;
  }
}
