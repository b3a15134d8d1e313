package dev.cake.workers.compat;

import static dev.cake.persistence.testing.StartGate.concurrently;
import static dev.cake.workers.compat.Compat.WORKER_DEADLINE;
import static dev.cake.workers.compat.Compat.api;
import static dev.cake.workers.compat.Compat.campaign;
import static dev.cake.workers.compat.Compat.quiet;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cake.http.testing.TestApi.Response;
import dev.cake.workers.compat.Compat.Campaigns;
import dev.cake.workers.testing.Burst;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Concurrent first logins against two campaigns with few slots: exact enrolment, newest first, overflow next. */
abstract class ConcurrencyContract {
  static final int USERS = 60;
  static final int NEWER_SLOTS = 25;
  static final int OLDER_SLOTS = 20;

  @Test
  void sixtyFirstLoginsAtOnceFillTwentyFivePlusTwentyExactly() throws Exception {
    FirstLoginContract.noForeignOpenCampaigns();
    var burst = new Burst(api, USERS); // never logged in
    quiet();
    try (var campaigns = new Campaigns()) {
      JsonNode older = campaigns.open(Map.of("startDate", Instant.now().minus(Duration.ofHours(2)).toString(),
          "maxParticipants", OLDER_SLOTS));
      JsonNode newer = campaigns.open(Map.of("startDate", Instant.now().minus(Duration.ofHours(1)).toString(),
          "maxParticipants", NEWER_SLOTS));
      String olderId = older.get("id").asText();
      String newerId = newer.get("id").asText();

      long started = System.nanoTime();
      List<String> tokens = loginAllAtOnce(burst.usernames);
      long answered = System.nanoTime();

      // wait for the worker: poll the campaigns' counts with a deadline, then for every event to be handled
      int filled;
      do {
        filled = campaign(olderId).get("currentParticipants").asInt()
            + campaign(newerId).get("currentParticipants").asInt();
        if (filled >= NEWER_SLOTS + OLDER_SLOTS) break;
        Thread.sleep(50);
      } while (System.nanoTime() - answered < WORKER_DEADLINE.toNanos());
      long slotsFilled = System.nanoTime();
      quiet();
      long settled = System.nanoTime();
      System.out.printf("OriginalClientTest concurrency: %d first logins answered in %d ms; %d slots filled %d ms "
              + "later; worker quiet %d ms after the last login%n", USERS, (answered - started) / 1_000_000, filled,
          (slotsFilled - answered) / 1_000_000, (settled - answered) / 1_000_000);

      Map<String, List<Integer>> orders = new HashMap<>(Map.of(olderId, new ArrayList<>(), newerId,
          new ArrayList<>()));
      int without = 0;
      List<String> doubles = new ArrayList<>();
      for (String token : tokens) {
        JsonNode promotions = api.get("/promotions/my-promotions", token).json();
        JsonNode vouchers = api.get("/promotions/my-vouchers", token).json();
        if (promotions.size() > 1 || vouchers.size() != promotions.size()) {
          doubles.add(promotions.size() + " promotions/" + vouchers.size() + " vouchers");
        }
        if (promotions.isEmpty()) without++;
        for (JsonNode p : promotions) {
          orders.computeIfAbsent(p.get("campaignId").asText(), k -> new ArrayList<>())
              .add(p.get("participationOrder").asInt());
        }
      }
      System.out.printf("OriginalClientTest concurrency: newer campaign %d, older %d, without %d, users with more "
          + "than one promotion or a voucher mismatch %d%n", orders.get(newerId).size(), orders.get(olderId).size(),
          without, doubles.size());
      assertThat(doubles).as("a user takes part in at most one campaign, with one voucher (of %d users)", USERS)
          .isEmpty();
      assertThat(orders.keySet()).as("enrolled only into the two open campaigns")
          .containsExactlyInAnyOrder(olderId, newerId);
      assertThat(orders.get(newerId)).as("the newest campaign fills exactly (%d slots), orders 1..%d", NEWER_SLOTS,
          NEWER_SLOTS).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, NEWER_SLOTS).boxed().toList());
      assertThat(orders.get(olderId)).as("the overflow fills the older campaign exactly (%d slots), orders 1..%d",
          OLDER_SLOTS, OLDER_SLOTS)
          .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, OLDER_SLOTS).boxed().toList());
      assertThat(without).as("everyone else gets nothing").isEqualTo(USERS - NEWER_SLOTS - OLDER_SLOTS);
      for (String id : List.of(olderId, newerId)) {
        JsonNode c = campaign(id);
        assertThat(c.get("currentParticipants").asInt()).as("campaign %s currentParticipants", id)
            .isEqualTo(c.get("maxParticipants").asInt());
        assertThat(c.get("remainingSlots").asInt()).as("campaign %s remainingSlots", id).isZero();
      }
    }
  }

  /** Every user logs in at the same moment; returns their access tokens (asserting every login answered 200). */
  static List<String> loginAllAtOnce(List<String> usernames) throws Exception {
    List<Callable<Response>> logins = usernames.stream().<Callable<Response>>map(username ->
        () -> api.post("/auth/login", Map.of("account", username, "password", "burst-password"), null)).toList();
    List<String> tokens = new ArrayList<>();
    for (Response r : concurrently(logins)) {
      assertThat(r.status()).as("concurrent first login: 200; body " + r.body()).isEqualTo(200);
      tokens.add(r.json().get("access_token").asText());
    }
    return tokens;
  }
}
