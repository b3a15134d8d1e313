package dev.cake.bank;

import java.math.BigDecimal;
import java.util.Optional;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The simulated bank's ledger ({@code bank.transfers}): one row per transaction id, written once. */
public interface BankLedgerDao {
  /** Records the bank's decision unless the transaction is already known; 1 when this call recorded it. */
  @SqlUpdate("""
      INSERT INTO bank.transfers (transaction_id, amount, status, reason) VALUES (:transactionId, :amount, :status,
      :reason) ON CONFLICT (transaction_id) DO NOTHING""")
  int record(String transactionId, BigDecimal amount, String status, String reason);

  @SqlQuery("SELECT status, reason FROM bank.transfers WHERE transaction_id = :transactionId")
  Optional<Entry> find(String transactionId);

  record Entry(String status, String reason) {}
}
