package dev.cake.workers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cake.core.auth.Role;
import dev.cake.persistence.testing.TestServices;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** bin/admin subcommands on the production wiring against this run's database. */
class OpsCommandsTest {
  static WorkerComponent component;

  @BeforeAll
  static void wire() {
    component = WorkerComponent.create(TestServices.get().config());
  }

  static int run(String name, String... args) {
    var cmd = new CommandLine(component.commands().get(name).get());
    cmd.setErr(new PrintWriter(new StringWriter()));
    return cmd.execute(args);
  }

  @Test
  void migrateIsIdempotent() {
    assertThat(run("migrate")).isZero();
    assertThat(component.migrations().migrate()).isZero();
  }

  @Test
  void createAdminCreatesThenPromotes() {
    String name = "admin" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(run("create-admin", "--username", name, "--password", "change-me-now", "--phone", "0912000111"))
        .isZero();
    var users = component.userRepository();
    var admin = users.findByUsername(name).orElseThrow();
    assertThat(admin.role()).isEqualTo(Role.ADMIN);
    assertThat(admin.phone()).isEqualTo("+84912000111");
    assertThat(admin.fullname()).isEqualTo(name);

    assertThat(run("create-admin", "--username", name, "--password", "other-password")).isZero();
    assertThat(users.findByUsername(name).orElseThrow().id()).isEqualTo(admin.id());
  }

  @Test
  void createCampaignQueueStatsAndRetryFailed() throws Exception {
    assertThat(run("create-campaign", "--name", "Shell campaign", "--max-participants", "7", "--discount", "12.5"))
        .isZero();
    try (var client = redis.clients.jedis.RedisClient.create(TestServices.get().redisUri())) {
      String failed = TestServices.get().redisPrefix() + "q:failed";
      client.lpush(failed, "{\"id\":1,\"topic\":\"x\",\"payload\":{},\"attempts\":5}");
      assertThat(run("queue-stats")).isZero();
      assertThat(run("retry-failed", "--drop")).isZero();
      assertThat(client.llen(failed)).isZero();
    }
    var campaigns = component.campaigns().listActive(java.time.Instant.now());
    var created = campaigns.stream().filter(c -> c.name().equals("Shell campaign")).findFirst().orElseThrow();
    assertThat(created.maxParticipants()).isEqualTo(7);
    assertThat(created.discountPercentage()).isEqualByComparingTo("12.5");
    component.campaigns().changeStatus(created.id(), created.status(),
        dev.cake.core.promotion.CampaignStatus.EXPIRED);
  }

  @Test
  void createAdminRefusesBadInputWithExitCode() {
    assertThat(run("create-admin", "--username", "x", "--password", "short")).isNotZero();
    assertThat(run("create-admin", "--password", "long-enough")).isNotZero(); // --username missing
  }
}
