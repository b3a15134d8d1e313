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
  void createAdminRefusesBadInputWithExitCode() {
    assertThat(run("create-admin", "--username", "x", "--password", "short")).isNotZero();
    assertThat(run("create-admin", "--password", "long-enough")).isNotZero(); // --username missing
  }
}
