package dev.cake.persistence.postgres.promotion;

import dev.cake.core.promotion.Campaign;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

@RegisterRowMapper(CampaignRowMapper.class)
public interface CampaignDao {
  @SqlQuery("""
      INSERT INTO campaigns (name, description, type, start_at, end_at, max_participants, discount_percentage,
                             min_topup_amount, max_discount_amount, voucher_validity_days)
      VALUES (:name, :description, :type, :startAt, :endAt, :maxParticipants, :discountPercentage,
              :minTopupAmount, :maxDiscountAmount, :voucherValidityDays)
      RETURNING *""")
  Campaign insert(@Bind("name") String name, @Bind("description") String description, @Bind("type") String type,
                  @Bind("startAt") Instant startAt, @Bind("endAt") Instant endAt,
                  @Bind("maxParticipants") int maxParticipants,
                  @Bind("discountPercentage") BigDecimal discountPercentage,
                  @Bind("minTopupAmount") BigDecimal minTopupAmount,
                  @Bind("maxDiscountAmount") BigDecimal maxDiscountAmount,
                  @Bind("voucherValidityDays") int voucherValidityDays);

  @SqlQuery("SELECT * FROM campaigns WHERE id = :id")
  Optional<Campaign> findById(@Bind("id") long id);

  @SqlQuery("""
      SELECT * FROM campaigns
      WHERE status = 'active' AND start_at <= :now AND end_at > :now
      ORDER BY created_at DESC, id DESC
      LIMIT 100""")
  List<Campaign> listActive(@Bind("now") Instant now);

  @org.jdbi.v3.sqlobject.statement.SqlUpdate("""
      UPDATE campaigns SET status = 'expired', updated_at = now()
      WHERE status IN ('active', 'inactive', 'full') AND end_at <= :now""")
  int expireEnded(@Bind("now") Instant now);

  @SqlQuery("""
      UPDATE campaigns SET status = :to, updated_at = now()
      WHERE id = :id AND status = :from
      RETURNING *""")
  Optional<Campaign> changeStatus(@Bind("id") long id, @Bind("from") String from, @Bind("to") String to);
}
