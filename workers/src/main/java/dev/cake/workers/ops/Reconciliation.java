package dev.cake.workers.ops;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * The invariants {@code bin/admin reconcile} checks, read from PostgreSQL in one read-only snapshot: every voucher
 * (one per enrolment, slots never oversold, spent at most once), every payment to the cent against the bank's ledger,
 * every answered top-up told the truth, no first login without its event and its enrolment. Rows younger than the
 * cutoff are still in flight on a live system and are left out of the in-flight checks.
 */
final class Reconciliation {
  /** One check: what was expected, what was found, and whether they agree. */
  record Check(String name, String expected, String found, boolean pass) {
    static Check zero(String name, long found) {
      return new Check(name, "0", Long.toString(found), found == 0);
    }

    static Check equal(String name, long expected, long found) {
      return new Check(name, Long.toString(expected), Long.toString(found), expected == found);
    }

    /** Money to the cent. */
    static Check money(String name, BigDecimal expected, BigDecimal found) {
      return new Check(name, cents(expected), cents(found), expected.compareTo(found) == 0);
    }
  }

  /** One figure reported beside the checks (not judged). */
  record Figure(String name, String value) {}

  /** What a client was told about one top-up (a line of bin/chaos's outcomes files). */
  record Answer(String username, String idempotencyKey, String what, String finalAnswer, String transactionId,
                BigDecimal paid) {}

  record Result(List<Check> checks, List<Figure> figures) {
    long mismatches() {
      return checks.stream().filter(c -> !c.pass()).count();
    }
  }

  private final Handle h;
  private final Instant cutoff;
  private final List<Check> checks = new ArrayList<>();
  private final List<Figure> figures = new ArrayList<>();

  private Reconciliation(Handle handle, Instant cutoff) {
    this.h = handle;
    this.cutoff = cutoff;
  }

  /**
   * Runs every check on {@code handle}, which must be inside a read-only transaction. {@code firstCome}: a campaign
   * every first login since its start was offered to (the newest, as in bin/chaos), whose vouchers must then be
   * min(slots, first logins); {@code answers}: what clients were told (null: not checked).
   */
  static Result run(Handle handle, Instant cutoff, Long firstCome, List<Answer> answers) {
    var r = new Reconciliation(handle, cutoff);
    r.accounts();
    r.vouchers(firstCome);
    r.firstLogins();
    r.spending();
    r.money();
    if (answers != null) {
      r.answers(answers);
    }
    r.figures();
    return new Result(List.copyOf(r.checks), List.copyOf(r.figures));
  }

  /** A query that may compare against {@code :cutoff}. */
  private org.jdbi.v3.core.statement.Query query(String sql) {
    var query = h.createQuery(sql);
    return sql.contains(":cutoff") ? query.bind("cutoff", cutoff) : query;
  }

  private long count(String sql) {
    return query(sql).mapTo(Long.class).one();
  }

  private BigDecimal sum(String sql) {
    return query(sql).mapTo(BigDecimal.class).one();
  }

  private String text(String sql) {
    return query(sql).mapTo(String.class).one();
  }

  private void accounts() {
    figures.add(new Figure("users registered", Long.toString(count("SELECT count(*) FROM users WHERE role = 'user'"))));
    figures.add(new Figure("users with a first login",
        Long.toString(count("SELECT count(*) FROM users WHERE role = 'user' AND latest_login IS NOT NULL"))));
    figures.add(new Figure("admins who ever logged in (not enrolled)",
        Long.toString(count("SELECT count(*) FROM users WHERE role = 'admin' AND latest_login IS NOT NULL"))));
  }

  private void vouchers(Long firstCome) {
    checks.add(Check.zero("campaigns whose vouchers, enrolments, participant counter and last participation order"
        + " disagree, or over their slots", count("""
            SELECT count(*) FROM campaigns c
            WHERE (SELECT count(*) FROM vouchers v WHERE v.campaign_id = c.id) <> c.current_participants
               OR (SELECT count(*) FROM user_promotions p WHERE p.campaign_id = c.id) <> c.current_participants
               OR (SELECT coalesce(max(p.participation_order), 0) FROM user_promotions p WHERE p.campaign_id = c.id)
                  <> c.current_participants
               OR c.current_participants > c.max_participants""")));
    checks.add(Check.zero("users holding two vouchers of one campaign", count("""
        SELECT count(*) FROM (SELECT 1 FROM vouchers GROUP BY campaign_id, user_id HAVING count(*) > 1) x""")));
    checks.add(Check.zero("vouchers of users who never logged in", count("""
        SELECT count(*) FROM vouchers v JOIN users u ON u.id = v.user_id WHERE u.latest_login IS NULL""")));
    checks.add(Check.zero("users taking part in two campaigns (one per user)", count("""
        SELECT count(*) FROM (SELECT 1 FROM user_promotions GROUP BY user_id HAVING count(*) > 1) x""")));
    if (firstCome != null) {
      var row = h.createQuery("""
              SELECT c.max_participants AS slots,
                     (SELECT count(*) FROM vouchers v WHERE v.campaign_id = c.id) AS vouchers,
                     (SELECT count(*) FROM outbox o JOIN users u ON u.id = (o.payload->>'userId')::bigint
                      WHERE o.topic = 'user.first-login' AND u.role = 'user'
                        AND (o.payload->>'loginAt')::timestamptz >= c.start_at
                        AND (o.payload->>'loginAt')::timestamptz < c.end_at) AS first_logins
              FROM campaigns c WHERE c.id = :id""")
          .bind("id", firstCome).mapToMap().findOne();
      if (row.isEmpty()) {
        checks.add(new Check("campaign " + firstCome + " (--first-come) exists", "yes", "no", false));
      } else {
        Map<String, Object> m = row.get();
        long slots = ((Number) m.get("slots")).longValue();
        long firstLogins = ((Number) m.get("first_logins")).longValue();
        checks.add(Check.equal("vouchers of the " + slots + "-slot campaign " + firstCome
                + " = min(slots, first logins in its window: " + firstLogins + ")",
            Math.min(slots, firstLogins), ((Number) m.get("vouchers")).longValue()));
      }
    }
  }

  private void firstLogins() {
    checks.add(Check.zero("first logins without their outbox event", count("""
        SELECT count(*) FROM users u WHERE u.role = 'user' AND u.latest_login IS NOT NULL AND NOT EXISTS
          (SELECT 1 FROM outbox o WHERE o.topic = 'user.first-login' AND (o.payload->>'userId')::bigint = u.id)""")));
    checks.add(Check.zero("first-login events not processed", count("""
        SELECT count(*) FROM outbox
        WHERE topic = 'user.first-login' AND processed_at IS NULL AND created_at < :cutoff""")));
    // A campaign that is active and not full now had a free slot when the event was handled (slots only fill), so a
    // first login inside its window, handled after it existed, must have been enrolled (in it or a newer one).
    checks.add(Check.zero("first logins enrolled in no campaign while one in their window had room", count("""
        SELECT count(*) FROM outbox o JOIN users u ON u.id = (o.payload->>'userId')::bigint
        WHERE o.topic = 'user.first-login' AND u.role = 'user' AND o.processed_at IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM user_promotions p WHERE p.user_id = u.id)
          AND EXISTS (SELECT 1 FROM campaigns c
                      WHERE c.type = 'first_login_discount' AND c.status = 'active'
                        AND c.current_participants < c.max_participants AND c.created_at <= o.processed_at
                        AND (o.payload->>'loginAt')::timestamptz >= c.start_at
                        AND (o.payload->>'loginAt')::timestamptz < c.end_at)""")));
  }

  private void spending() {
    checks.add(Check.zero("vouchers with more than one succeeded top-up", count("""
        SELECT count(*) FROM (SELECT 1 FROM topups WHERE status = 'succeeded' AND voucher_id IS NOT NULL
                              GROUP BY voucher_id HAVING count(*) > 1) x""")));
    checks.add(Check.zero("vouchers whose status 'used' disagrees with their succeeded top-ups", count("""
        SELECT count(*) FROM vouchers v
        WHERE (v.status = 'used')
              <> ((SELECT count(*) FROM topups t WHERE t.voucher_id = v.id AND t.status = 'succeeded') = 1)""")));
    checks.add(Check.zero("vouchers still reserved", count("""
        SELECT count(*) FROM vouchers WHERE status = 'reserved' AND reserved_at < :cutoff""")));
  }

  private void money() {
    checks.add(Check.zero("top-ups still pending", count("""
        SELECT count(*) FROM topups WHERE status = 'pending' AND created_at < :cutoff""")));
    checks.add(Check.zero("succeeded top-ups without exactly one approved transfer of their final amount", count("""
        SELECT count(*) FROM topups t LEFT JOIN bank.transfers b ON b.transaction_id = t.transaction_id
        WHERE t.status = 'succeeded' AND t.created_at < :cutoff
          AND (b.transaction_id IS NULL OR b.status <> 'approved' OR b.amount IS DISTINCT FROM t.final_amount)""")));
    checks.add(Check.zero("approved transfers without a succeeded top-up", count("""
        SELECT count(*) FROM bank.transfers b LEFT JOIN topups t ON t.transaction_id = b.transaction_id
        WHERE b.status = 'approved' AND coalesce(t.created_at, b.created_at) < :cutoff
          AND (t.id IS NULL OR t.status <> 'succeeded')""")));
    checks.add(Check.money("money: sum of succeeded top-ups = sum of approved transfers",
        sum("SELECT coalesce(sum(final_amount), 0) FROM topups WHERE status = 'succeeded' AND created_at < :cutoff"),
        sum("""
            SELECT coalesce(sum(b.amount), 0) FROM bank.transfers b
            LEFT JOIN topups t ON t.transaction_id = b.transaction_id
            WHERE b.status = 'approved' AND coalesce(t.created_at, b.created_at) < :cutoff""")));
  }

  private void answers(List<Answer> answers) {
    if (answers.isEmpty()) {
      checks.add(new Check("client answers: top-ups seen by the clients", "> 0", "0", false));
      return;
    }
    var row = h.createQuery("""
            WITH answer(username, key, what, final, txid, paid) AS (
              SELECT * FROM unnest(:usernames, :keys, :whats, :finals, :txids, :paids::numeric[])
            ), joined AS (
              SELECT a.*, t.status, t.transaction_id, t.final_amount
              FROM answer a
              LEFT JOIN users u ON lower(u.username) = lower(a.username)
              LEFT JOIN topups t ON t.user_id = u.id AND t.idempotency_key = a.key
            )
            SELECT count(*) FILTER (WHERE final = '200') AS ok200,
                   count(*) FILTER (WHERE final = '200' AND (status IS DISTINCT FROM 'succeeded'
                         OR transaction_id IS DISTINCT FROM txid OR final_amount IS DISTINCT FROM paid)) AS bad200,
                   count(*) FILTER (WHERE final = '402') AS n402,
                   count(*) FILTER (WHERE final = '402' AND status IS DISTINCT FROM 'failed') AS bad402,
                   count(*) FILTER (WHERE what = 'respend' AND final = '200') AS respent,
                   count(*) FILTER (WHERE what = 'respend') AS respends,
                   count(*) FILTER (WHERE final = 'gaveup') AS gaveup,
                   count(*) AS total
            FROM joined""")
        .bindArray("usernames", String.class, answers.stream().map(Answer::username).toList())
        .bindArray("keys", String.class, answers.stream().map(Answer::idempotencyKey).toList())
        .bindArray("whats", String.class, answers.stream().map(Answer::what).toList())
        .bindArray("finals", String.class, answers.stream().map(Answer::finalAnswer).toList())
        .bindArray("txids", String.class, answers.stream().map(Answer::transactionId).toList())
        .bindArray("paids", String.class, answers.stream().map(a -> a.paid() == null ? null : a.paid().toPlainString())
            .toList())
        .mapToMap().one();
    long total = n(row, "total");
    long gaveUp = n(row, "gaveup");
    figures.add(new Figure("top-ups answered (final answer seen by a client)", (total - gaveUp) + " of " + total));
    figures.add(new Figure("top-ups the client gave up on (no final answer before its deadline)",
        Long.toString(gaveUp)));
    figures.add(new Figure("attempts to spend a used voucher again", Long.toString(n(row, "respends"))));
    checks.add(Check.zero("top-ups answered 200 not succeeded with that transaction and amount (of " + n(row, "ok200")
        + ")", n(row, "bad200")));
    checks.add(Check.zero("top-ups answered 402 not failed (of " + n(row, "n402") + ")", n(row, "bad402")));
    checks.add(Check.zero("used vouchers accepted again (of " + n(row, "respends") + " attempts)",
        n(row, "respent")));
  }

  private static long n(Map<String, Object> row, String column) {
    return ((Number) row.get(column)).longValue();
  }

  private void figures() {
    h.createQuery("""
            SELECT c.id, c.name, c.max_participants, (SELECT count(*) FROM vouchers v WHERE v.campaign_id = c.id) AS n
            FROM campaigns c ORDER BY c.id""")
        .mapToMap().forEach(m -> figures.add(new Figure("vouchers of campaign " + m.get("id") + " (" + m.get("name")
            + ", " + m.get("max_participants") + " slots)", m.get("n").toString())));
    figures.add(new Figure("vouchers used", Long.toString(count("SELECT count(*) FROM vouchers WHERE status = 'used'"))));
    figures.add(new Figure("top-ups succeeded / failed / pending", text("""
        SELECT count(*) FILTER (WHERE status = 'succeeded') || ' / ' || count(*) FILTER (WHERE status = 'failed')
               || ' / ' || count(*) FILTER (WHERE status = 'pending') FROM topups""")));
    figures.add(new Figure("top-ups failed by the recovery job (not completed)",
        Long.toString(count("SELECT count(*) FROM topups WHERE failure_reason LIKE '%settled by recovery%'"))));
    figures.add(new Figure("top-ups that took over 5 s to finish (settled late)", Long.toString(count("""
        SELECT count(*) FROM topups WHERE status <> 'pending' AND updated_at > created_at + interval '5 seconds'"""))));
    figures.add(new Figure("bank transfers approved / declined", text("""
        SELECT count(*) FILTER (WHERE status = 'approved') || ' / ' || count(*) FILTER (WHERE status <> 'approved')
        FROM bank.transfers""")));
    figures.add(new Figure("first login -> voucher, p50 / p99 / max (s)", text("""
        SELECT coalesce(round(percentile_cont(0.5) WITHIN GROUP (ORDER BY lag)::numeric, 2), 0) || ' / ' ||
               coalesce(round(percentile_cont(0.99) WITHIN GROUP (ORDER BY lag)::numeric, 2), 0) || ' / ' ||
               coalesce(round(max(lag)::numeric, 2), 0)
        FROM (SELECT extract(epoch FROM v.issued_at - p.first_login_at) AS lag
              FROM vouchers v JOIN user_promotions p ON p.id = v.user_promotion_id) x""")));
    figures.add(new Figure("money charged (succeeded top-ups)",
        cents(sum("SELECT coalesce(sum(final_amount), 0) FROM topups WHERE status = 'succeeded'"))));
    figures.add(new Figure("money saved by vouchers",
        cents(sum("SELECT coalesce(sum(discount_amount), 0) FROM topups WHERE status = 'succeeded'"))));
  }

  private static String cents(BigDecimal amount) {
    return amount.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
  }
}
