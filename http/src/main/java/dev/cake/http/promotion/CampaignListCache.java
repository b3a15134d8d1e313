package dev.cake.http.promotion;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cake.core.promotion.CampaignService;
import dev.cake.http.Reused;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;

/** The public campaign list as ready JSON, at most one second old: a burst costs one query per second. */
@Singleton
public final class CampaignListCache {
  private final CampaignService campaigns;
  private final ObjectMapper json;
  private final Reused<byte[]> list = new Reused<>(Duration.ofSeconds(1));

  @Inject
  public CampaignListCache(CampaignService campaigns, ObjectMapper json) {
    this.campaigns = campaigns;
    this.json = json;
  }

  public byte[] json() {
    return list.get(() -> {
      try {
        return json.writeValueAsBytes(campaigns.listActive().stream().map(CampaignResponse::of).toList());
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  /** After an admin change, the next read loads afresh. */
  public void invalidate() {
    list.invalidate();
  }
}
