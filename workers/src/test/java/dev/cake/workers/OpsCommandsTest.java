package dev.cake.workers;

import dev.cake.workers.ops.OpsComponent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cake.core.auth.Role;
import dev.cake.persistence.testing.TestServices;
import dev.cake.core.auth.NewUser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import dev.cake.workers.testing.Ops;
import dev.cake.workers.testing.Ops.Ran;
import picocli.CommandLine;

/** bin/admin subcommands on the production wiring against this run's database. */
class OpsCommandsTest {
  static OpsComponent component;

  @BeforeAll
  static void wire() {
    component = OpsComponent.create(WorkerProcessSettings.fromEnv(TestServices.get().environment()));
  }

  @AfterAll
  static void unwire() {
    component.lifecycle().stop();
  }

  static int run(String name, String... args) {
    var cmd = new CommandLine(component.commands().get(name).get());
    cmd.setErr(new PrintWriter(new StringWriter()));
    return cmd.execute(args);
  }

  @Test
  void migrateIsIdempotent() {
    // bin/migrate connects as a privileged role (it creates the roles and migrates as the owner)
    var privileged = dev.cake.workers.ops.OpsComponent.create(WorkerProcessSettings.fromEnv(TestServices.get().adminEnvironment()));
    assertThat(Ops.run(privileged, "", "migrate").code()).isZero();
    assertThat(privileged.migrations().migrate()).isZero();
  }

  @Test
  void theApiRoleCannotMigrate() {
    // the ops CLI on the app's own credentials: the roles and the schema are out of its reach (least privilege)
    assertThat(run("migrate")).isEqualTo(1);
  }

  /** Runs a command with {@code stdin} as its standard input, capturing what it prints. */
  static Ran runWithInput(String stdin, String name, String... args) {
    return Ops.run(component, stdin, name, args);
  }

  static String newName() {
    return "admin" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  }

  @Test
  void createAdminReadsThePasswordFromStandardInput() {
    String name = newName();
    Ran ran = runWithInput("change-me-now\n", "create-admin", "--username", name, "--password-stdin",
        "--phone", "0912000111");
    assertThat(ran.code()).isZero();
    var users = component.userRepository();
    var admin = users.findByUsername(name).orElseThrow();
    assertThat(ran.lastLine()).isEqualTo(Long.toString(admin.id()));
    assertThat(admin.role()).isEqualTo(Role.ADMIN);
    assertThat(admin.phone()).isEqualTo("+84912000111");
    assertThat(admin.fullname()).isEqualTo(name);
    // the password read from stdin is the account's password
    assertThat(component.logins().login(name, "change-me-now", "127.0.0.1").user().id()).isEqualTo(admin.id());
  }

  @Test
  void createAdminRefusesAnExistingAccountUnlessNamedWithPromoteExisting() {
    String name = newName();
    // someone registered the name first, as a plain user
    var squatter = component.userRepository().create(new NewUser("Squatter", name + "@example.com", name, null, null,
        "$2b$04$abcdefghijklmnopqrstuuJ3sTGmZ2Z4LXq8m3dM3lU5lD7uJtS0G", Role.USER));

    Ran refused = runWithInput("other-password\n", "create-admin", "--username", name, "--password-stdin");
    assertThat(refused.code()).isNotZero();
    assertThat(refused.err()).contains("already exists").contains("id " + squatter.id())
        .contains(name + "@example.com").contains("--promote-existing " + name);
    assertThat(component.userRepository().findByUsername(name).orElseThrow().role()).isEqualTo(Role.USER);

    Ran promoted = runWithInput("", "create-admin", "--promote-existing", name);
    assertThat(promoted.code()).isZero();
    assertThat(promoted.lastLine()).isEqualTo(Long.toString(squatter.id()));
    assertThat(promoted.err()).contains("id " + squatter.id()).contains("username " + name)
        .contains("email " + name + "@example.com");
    assertThat(component.userRepository().findByUsername(name).orElseThrow().role()).isEqualTo(Role.ADMIN);

    assertThat(runWithInput("", "create-admin", "--promote-existing", "nobody-" + newName()).code()).isNotZero();
  }

  @Test
  void createAdminRefusesAPasswordOnTheCommandLineAndEmptyInput() {
    String name = newName();
    Ran onCommandLine = runWithInput("", "create-admin", "--username", name, "--password", "change-me-now");
    assertThat(onCommandLine.code()).isEqualTo(2);
    assertThat(onCommandLine.err()).contains("--password is no longer accepted").contains("--password-stdin");
    assertThat(runWithInput("", "create-admin", "--username", name, "--password-stdin").code()).isEqualTo(2);
    // no terminal in a test: the prompt cannot be shown, and nothing is created
    assertThat(runWithInput("", "create-admin", "--username", name).code()).isEqualTo(2);
    assertThat(component.userRepository().findByUsername(name)).isEmpty();
  }

  @Test
  void listAdminsAndDemote() {
    String first = newName();
    String second = newName();
    assertThat(runWithInput("change-me-now\n", "create-admin", "--username", first, "--password-stdin").code())
        .isZero();
    assertThat(runWithInput("change-me-now\n", "create-admin", "--username", second, "--password-stdin").code())
        .isZero();
    Ran listed = runWithInput("", "list-admins");
    assertThat(listed.code()).isZero();
    assertThat(listed.out()).contains("\t" + first + "\t").contains("\t" + second + "\t");

    Ran demoted = runWithInput("", "demote", first);
    assertThat(demoted.code()).isZero();
    assertThat(demoted.err()).contains("username " + first);
    assertThat(component.userRepository().findByUsername(first).orElseThrow().role()).isEqualTo(Role.USER);
    assertThat(runWithInput("", "list-admins").out()).doesNotContain("\t" + first + "\t").contains(second);
    // not an admin any more, and an unknown name: refused
    assertThat(runWithInput("", "demote", first).code()).isNotZero();
    assertThat(runWithInput("", "demote", "nobody-" + newName()).code()).isNotZero();
  }

  @Test
  void theLastAdminCannotBeDemoted() {
    var admins = component.adminAccounts().list();
    for (int i = 0; i < admins.size() - 1; i++) {
      assertThat(runWithInput("", "demote", admins.get(i).username()).code()).isZero();
    }
    String last = component.adminAccounts().list().getFirst().username();
    Ran refused = runWithInput("", "demote", last);
    assertThat(refused.code()).isNotZero();
    assertThat(refused.err()).contains("last admin");
    assertThat(component.adminAccounts().list()).hasSize(1);
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
    assertThat(runWithInput("short\n", "create-admin", "--username", "x", "--password-stdin").code()).isNotZero();
    assertThat(runWithInput("long-enough\n", "create-admin", "--password-stdin").code()).isNotZero(); // no --username
  }
}
