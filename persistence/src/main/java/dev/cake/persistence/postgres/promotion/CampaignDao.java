package dev.cake.persistence.postgres.promotion;

import dev.cake.core.promotion.Campaign;
import dev.cake.core.promotion.CampaignStatus;
import dev.cake.core.promotion.NewCampaign;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The {@code campaigns} table. Reads outside a transaction are the SQL constants, run as fluent queries by
 * {@link PostgresCampaignRepository} (docs/ARCHITECTURE.md, "Database reads"); the methods are its writes.
 */
public interface CampaignDao {
  String COLUMNS = """
      id, name, description, type, status, start_at, end_at, max_participants, current_participants,
      discount_percentage, min_topup_amount, max_discount_amount, voucher_validity_days, created_at, updated_at""";

  /** A {@link Campaign}; binds {@code id}. */
  String FIND_BY_ID = "SELECT " + COLUMNS + " FROM campaigns WHERE id = :id";

  /** The running {@link Campaign}s at {@code :now}, newest first. */
  String LIST_ACTIVE = "SELECT " + COLUMNS + """
       FROM campaigns
      WHERE status = 'active' AND start_at <= :now AND end_at > :now
      ORDER BY created_at DESC, id DESC
      LIMIT 100""";

  @SqlQuery("""
      INSERT INTO campaigns (name, description, type, start_at, end_at, max_participants, discount_percentage,
                             min_topup_amount, max_discount_amount, voucher_validity_days, created_at, updated_at)
      VALUES (:name, :description, :type, :startAt, :endAt, :maxParticipants, :discountPercentage,
              :minTopupAmount, :maxDiscountAmount, :voucherValidityDays, :now, :now)
      RETURNING\s""" + COLUMNS)
  Campaign insert(@BindMethods NewCampaign campaign, Instant now);

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
