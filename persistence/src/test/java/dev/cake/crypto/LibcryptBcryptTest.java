package dev.cake.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.cake.core.auth.PasswordSettings;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The native and the pure-Java bcrypt must read each other's hashes, byte for byte. */
class LibcryptBcryptTest {
  static final LibcryptBcrypt NATIVE = LibcryptBcrypt.load()
      .orElseThrow(() -> new AssertionError("libcrypt.so.1 with bcrypt is expected on Debian (libcrypt1)"));

  static String favre(String password, String hash) {
    return BCrypt.verifyer().verify(password.getBytes(StandardCharsets.UTF_8),
        hash.getBytes(StandardCharsets.UTF_8)).verified ? "ok" : "no";
  }

  @Test
  void nativeHashesVerifyInJavaAndBack() {
    for (String password : new String[] {"correct-horse", "ééééééé€", "a".repeat(72), "pässwörd 🔑"}) {
      String nativeHash = NATIVE.hash(password, 5);
      assertThat(nativeHash).startsWith("$2b$05$").hasSize(60);
      assertThat(favre(password, nativeHash)).isEqualTo("ok");
      String wrong = "X" + password.substring(1);
      assertThat(favre(wrong, nativeHash)).isEqualTo("no");

      String javaHash = new String(BCrypt.with(BCrypt.Version.VERSION_2B)
          .hash(5, password.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
      assertThat(NATIVE.verify(password, javaHash)).isTrue();
      assertThat(NATIVE.verify(wrong, javaHash)).isFalse();
    }
  }

  @Test
  void saltsAreRandomAndGarbageHashesFail() {
    assertThat(NATIVE.hash("same", 4)).isNotEqualTo(NATIVE.hash("same", 4));
    assertThat(NATIVE.verify("x", "not-a-hash")).isFalse();
    assertThat(NATIVE.verify("x", "")).isFalse();
  }

  @Test
  void theHasherUsesTheNativeImplementationAndKeepsNulPasswordsInJava() {
    var hasher = new BcryptPasswordHasher(new PasswordSettings(4, 2, java.time.Duration.ofSeconds(30)));
    assertThat(hasher.implementation()).isEqualTo("libcrypt (FFM)");
    String withNul = "abc\0defghij";
    String hash = hasher.hash(withNul);
    assertThat(hasher.verify(withNul, hash)).isTrue();
    assertThat(hasher.verify("abc", hash)).isFalse(); // the NUL did not truncate the password
  }
}
