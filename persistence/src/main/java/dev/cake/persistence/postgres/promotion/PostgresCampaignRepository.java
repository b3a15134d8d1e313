package dev.cake.persistence.postgres.promotion;

import dev.cake.core.promotion.Campaign;
import dev.cake.core.promotion.CampaignRepository;
import dev.cake.core.promotion.CampaignStatus;
import dev.cake.core.promotion.NewCampaign;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import dev.cake.core.audit.AuditEvent;
import dev.cake.persistence.postgres.audit.PostgresAuditLog;
import org.jdbi.v3.core.Jdbi;

/**
 * Reads outside a transaction are fluent queries over {@link CampaignDao}'s SQL constants (docs/ARCHITECTURE.md,
 * "Database reads"); transactions attach the DAO to their handle; a single write outside one calls the on-demand DAO.
 */
@Singleton
public final class PostgresCampaignRepository implements CampaignRepository {
  private final Jdbi jdbi;
  private final CampaignDao dao;
  private final Clock clock;
  private final PostgresAuditLog audit;

  @Inject
  public PostgresCampaignRepository(Jdbi jdbi, Clock clock, PostgresAuditLog audit) {
    this.jdbi = jdbi;
    this.dao = jdbi.onDemand(CampaignDao.class);
    this.clock = clock;
    this.audit = audit;
  }

  @Override
  public Campaign create(NewCampaign c, AuditEvent event) {
    return jdbi.inTransaction(h -> {
      Campaign created = h.attach(CampaignDao.class).insert(c, clock.instant());
      audit.write(h, event.withTarget("campaign:" + created.id()));
      return created;
    });
  }

  @Override
  public Optional<Campaign> findById(long id) {
    return jdbi.withHandle(h -> h.createQuery(CampaignDao.FIND_BY_ID).bind("id", id).mapTo(Campaign.class)
        .findOne());
  }

  @Override
  public List<Campaign> listActive(Instant now) {
    return jdbi.withHandle(h -> h.createQuery(CampaignDao.LIST_ACTIVE).bind("now", now).mapTo(Campaign.class)
        .list());
  }

  @Override
  public int expireEnded(Instant now) {
    return dao.expireEnded(now);
  }

  @Override
  public Optional<Campaign> changeStatus(long id, CampaignStatus from, CampaignStatus to) {
    return dao.changeStatus(id, from, to, clock.instant());
  }

  @Override
  public Optional<Campaign> changeStatus(long id, CampaignStatus from, CampaignStatus to, AuditEvent event) {
    return jdbi.inTransaction(h -> {
      var changed = h.attach(CampaignDao.class).changeStatus(id, from, to, clock.instant());
      if (changed.isPresent()) audit.write(h, event);
      return changed;
    });
  }
}
