package dev.cake.http.promotion;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cake.core.promotion.CampaignService;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The public campaign list as ready JSON, at most one second old. One request refreshes it while the others keep
 * serving the previous copy, so a burst costs one query per second, not one per request.
 */
@Singleton
public final class CampaignListCache {
  static final long MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(1);

  private record Snapshot(byte[] json, long loadedAt) {}

  private final CampaignService campaigns;
  private final ObjectMapper json;
  private final ReentrantLock refreshing = new ReentrantLock();
  private volatile Snapshot snapshot;

  @Inject
  public CampaignListCache(CampaignService campaigns, ObjectMapper json) {
    this.campaigns = campaigns;
    this.json = json;
  }

  public byte[] json() {
    Snapshot current = snapshot;
    if (current != null && System.nanoTime() - current.loadedAt() < MAX_AGE_NANOS) return current.json();
    if (current != null && !refreshing.tryLock()) return current.json(); // someone is refreshing: serve the last
    if (current == null) refreshing.lock();
    try {
      Snapshot again = snapshot;
      if (again != null && System.nanoTime() - again.loadedAt() < MAX_AGE_NANOS) return again.json();
      long started = System.nanoTime();
      byte[] body = json.writeValueAsBytes(campaigns.listActive().stream().map(CampaignResponse::of).toList());
      snapshot = new Snapshot(body, started);
      return body;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    } finally {
      refreshing.unlock();
    }
  }

  /** After an admin change, the next read loads afresh. */
  public void invalidate() {
    snapshot = null;
  }
}
