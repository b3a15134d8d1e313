package dev.cake.persistence.postgres.promotion;

import dev.cake.core.promotion.Campaign;
import dev.cake.core.promotion.CampaignStatus;
import dev.cake.core.promotion.NewCampaign;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

public interface CampaignDao {
  String COLUMNS = """
      id, name, description, type, status, start_at, end_at, max_participants, current_participants,
      discount_percentage, min_topup_amount, max_discount_amount, voucher_validity_days, created_at, updated_at""";

  @SqlQuery("""
      INSERT INTO campaigns (name, description, type, start_at, end_at, max_participants, discount_percentage,
                             min_topup_amount, max_discount_amount, voucher_validity_days)
      VALUES (:name, :description, :type, :startAt, :endAt, :maxParticipants, :discountPercentage,
              :minTopupAmount, :maxDiscountAmount, :voucherValidityDays)
      RETURNING\s""" + COLUMNS)
  Campaign insert(@BindMethods NewCampaign campaign);

  @SqlQuery("SELECT " + COLUMNS + " FROM campaigns WHERE id = :id")
  Optional<Campaign> findById(long id);

  @SqlQuery("SELECT " + COLUMNS + """
       FROM campaigns
      WHERE status = 'active' AND start_at <= :now AND end_at > :now
      ORDER BY created_at DESC, id DESC
      LIMIT 100""")
  List<Campaign> listActive(Instant now);

  @SqlUpdate("""
      UPDATE campaigns SET status = 'expired', updated_at = :now
      WHERE status IN ('active', 'inactive', 'full') AND end_at <= :now""")
  int expireEnded(Instant now);

  @SqlQuery("""
      UPDATE campaigns SET status = :to, updated_at = :now
      WHERE id = :id AND status = :from
      RETURNING\s""" + COLUMNS)
  Optional<Campaign> changeStatus(long id, CampaignStatus from, CampaignStatus to, Instant now);
}
