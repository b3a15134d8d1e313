package dev.cake.workers.jobs;

import dev.cake.core.auth.RefreshTokenRepository;
import dev.cake.core.auth.TokenSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes dead refresh-token rows (expired, revoked, and spent longer ago than a refresh token lives) in batches of
 * {@link #BATCH}, one short statement each, until a batch comes back short.
 */
public final class RefreshTokenPruneJob implements ScheduledJob {
  private static final Schedule SCHEDULE = Schedule.onOneWorker("refresh-token-prune", Duration.ofMinutes(10));

  static final int BATCH = 1_000;
  private static final Logger log = LoggerFactory.getLogger(RefreshTokenPruneJob.class);

  private final RefreshTokenRepository tokens;
  private final TokenSettings settings;
  private final Clock clock;
  private final int batch;

  @Inject
  public RefreshTokenPruneJob(RefreshTokenRepository tokens, TokenSettings settings, Clock clock) {
    this(tokens, settings, clock, BATCH);
  }

  public RefreshTokenPruneJob(RefreshTokenRepository tokens, TokenSettings settings, Clock clock, int batch) {
    this.tokens = tokens;
    this.settings = settings;
    this.clock = clock;
    this.batch = batch;
  }

  @Override
  public Schedule schedule() {
    return SCHEDULE;
  }

  @Override
  public void run() {
    prune();
  }

  /** Returns the number of statements run and rows deleted. */
  public Result prune() {
    Instant now = clock.instant();
    // a spent row is kept as long as its token could have lived, so that a stolen copy still revokes its family
    Instant spentBefore = now.minus(settings.refreshTokenTtl());
    int statements = 0;
    long deleted = 0;
    int n;
    do {
      n = tokens.prune(now, spentBefore, batch);
      statements++;
      deleted += n;
    } while (n == batch && !Thread.currentThread().isInterrupted());
    if (deleted > 0) log.info("pruned {} refresh token(s) in {} batch(es)", deleted, statements);
    return new Result(statements, deleted);
  }

  public record Result(int statements, long deleted) {}
}
