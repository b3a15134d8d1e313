package dev.cake.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cake.core.CakeException;
import org.junit.jupiter.api.Test;

/** AdminAccounts over in-memory ports: an admin under a free name only, promotion, demotion, the last admin kept. */
class AdminAccountsTest extends AuthFixture {
  final AdminAccounts service = new AdminAccounts(users, hasher, profileCache, new RegistrationRules(phones, clock));

  @Test
  void anAdminIsCreatedOnlyUnderAFreeUsername() {
    User alice = registerAlice().user();

    var created = service.create("root", "admin password", null, null, null);
    assertThat(created).isInstanceOfSatisfying(AdminAccounts.Creation.Created.class, c -> {
      assertThat(c.admin().role()).isEqualTo(Role.ADMIN);
      assertThat(c.admin().fullname()).isEqualTo("root");
    });
    assertThat(service.create("alice", "admin password", null, null, null))
        .isEqualTo(new AdminAccounts.Creation.UsernameTaken(users.findById(alice.id()).orElseThrow()));
    assertThat(users.findById(alice.id()).orElseThrow().role()).isEqualTo(Role.USER);
    assertThat(service.list()).extracting(User::username).containsExactly("root");
  }

  @Test
  void promotionAndDemotionKeepOneAdminAndEvictTheProfile() {
    long alice = registerAlice().user().id();
    var root = (AdminAccounts.Creation.Created) service.create("root", "admin password", null, null, null);
    long rootId = root.admin().id();

    assertConflict(() -> service.demote("alice"), "username", "alice is not an admin");
    assertConflict(() -> service.demote("root"), "username", "root is the last admin; create another first");
    assertThat(service.promote("alice").role()).isEqualTo(Role.ADMIN);
    assertThat(service.promote("alice").role()).isEqualTo(Role.ADMIN);
    assertThat(service.demote("root").role()).isEqualTo(Role.USER);
    assertThatThrownBy(() -> service.promote("nobody"))
        .isInstanceOf(CakeException.NotFound.class).hasMessage("No account named nobody");

    assertThat(profileCache.invalidated()).containsExactly(alice, rootId);
    assertThat(service.list()).extracting(User::id).containsExactly(alice);
  }
}
