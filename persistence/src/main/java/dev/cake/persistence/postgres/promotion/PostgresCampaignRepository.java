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
import org.jdbi.v3.core.Jdbi;

@Singleton
public final class PostgresCampaignRepository implements CampaignRepository {
  private final CampaignDao dao;
  private final Clock clock;

  @Inject
  public PostgresCampaignRepository(Jdbi jdbi, Clock clock) {
    this.dao = jdbi.onDemand(CampaignDao.class);
    this.clock = clock;
  }

  @Override
  public Campaign create(NewCampaign c) {
    return dao.insert(c);
  }

  @Override
  public Optional<Campaign> findById(long id) {
    return dao.findById(id);
  }

  @Override
  public List<Campaign> listActive(Instant now) {
    return dao.listActive(now);
  }

  @Override
  public int expireEnded(Instant now) {
    return dao.expireEnded(now);
  }

  @Override
  public Optional<Campaign> changeStatus(long id, CampaignStatus from, CampaignStatus to) {
    return dao.changeStatus(id, from, to, clock.instant());
  }
}
