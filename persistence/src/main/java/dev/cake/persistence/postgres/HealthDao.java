package dev.cake.persistence.postgres;

import org.jdbi.v3.sqlobject.statement.SqlQuery;

public interface HealthDao {
  /** One round trip through the pool. */
  @SqlQuery("SELECT 1")
  int ping();
}
