package dev.cake.core.event;

import java.time.Duration;

/**
 * Port: a lease for work that one process at a time should do. It expires after {@code ttl}; it is an optimisation,
 * not a guarantee (a lease store that loses its data lets two holders run), so the work must be safe to run twice.
 */
public interface Lease {
  boolean tryAcquire(String name, String owner, Duration ttl);
}
