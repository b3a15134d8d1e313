package dev.cake.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentReaderTest {
  @Test
  void parsesDurations() {
    assertThat(EnvironmentReader.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(EnvironmentReader.parseDuration("90")).isEqualTo(Duration.ofSeconds(90));
    assertThat(EnvironmentReader.parseDuration("15m")).isEqualTo(Duration.ofMinutes(15));
    assertThat(EnvironmentReader.parseDuration("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(EnvironmentReader.parseDuration("30d")).isEqualTo(Duration.ofDays(30));
    assertThat(EnvironmentReader.parseDuration("PT15M")).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void redactsUrlPasswords() {
    assertThat(EnvironmentReader.redact("redis://:p@ss/w@host:6379")).isEqualTo("redis://:***@host:6379");
    assertThat(EnvironmentReader.redact("redis://onlypassword@host")).isEqualTo("redis://***@host");
    assertThat(EnvironmentReader.redact("jdbc:postgresql://h/db?user=a&password=secret&ssl=true"))
        .isEqualTo("jdbc:postgresql://h/db?user=a&password=***&ssl=true");
    assertThat(EnvironmentReader.redact("postgresql://h:5432/db")).isEqualTo("postgresql://h:5432/db");
  }

  @Test
  void readsEverySecretFromItsFileWithoutTheTrailingNewline(@TempDir Path dir) throws Exception {
    for (String name : EnvironmentReader.SECRETS) {
      Path file = Files.writeString(dir.resolve(name), "value-of-" + name + "\n");
      var r = new EnvironmentReader(Map.of(name + "_FILE", file.toString()));
      assertThat(r.raw(name)).isEqualTo("value-of-" + name);
      r.check();
    }
    Path crlf = Files.writeString(dir.resolve("crlf"), "s3cret\r\n");
    assertThat(new EnvironmentReader(Map.of("JWT_SECRET_FILE", crlf.toString())).raw("JWT_SECRET"))
        .isEqualTo("s3cret");
  }

  @Test
  void aSecretGivenBothWaysIsAnErrorThatDoesNotShowIt(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("jwt"), "from-the-file-0123456789abcdef0123456789");
    var r = new EnvironmentReader(Map.of("JWT_SECRET", "from-the-env-0123456789abcdef0123456789",
        "JWT_SECRET_FILE", file.toString()));
    assertThatThrownBy(r::check).isInstanceOf(ConfigException.class)
        .hasMessageContaining("JWT_SECRET and JWT_SECRET_FILE are both set")
        .hasMessageNotContaining("from-the-file").hasMessageNotContaining("from-the-env");
  }

  @Test
  void aMissingOrEmptySecretFileIsAnError(@TempDir Path dir) throws Exception {
    var missing = new EnvironmentReader(Map.of("DATABASE_URL_FILE", dir.resolve("nope").toString()));
    assertThatThrownBy(missing::check).hasMessageContaining("DATABASE_URL_FILE: cannot read")
        .hasMessageContaining("NoSuchFileException");
    Path empty = Files.writeString(dir.resolve("empty"), "\n");
    assertThatThrownBy(new EnvironmentReader(Map.of("REDIS_URL_FILE", empty.toString()))::check)
        .hasMessageContaining("REDIS_URL_FILE: " + empty + " is empty");
  }

  @Test
  void aBadSecretIsReportedWithoutItsValue(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("url"), "postgresql:/cake_api:hunter2-db@h/db\n");
    var r = new EnvironmentReader(Map.of("DATABASE_URL_FILE", file.toString(), "CAKE_DB_API_PASSWORD", "pw-xyz"));
    r.get("DATABASE_URL", "postgresql://h/db", v -> {
      if (!v.contains("//")) throw new IllegalArgumentException();
      return v;
    }, "a URL");
    r.get("CAKE_DB_API_PASSWORD", "", v -> {
      throw new IllegalArgumentException();
    }, "anything");
    assertThatThrownBy(r::check).hasMessageContaining("DATABASE_URL: expected a URL, got '***@h/db'")
        .hasMessageContaining("CAKE_DB_API_PASSWORD: expected anything, got a value that is not shown")
        .hasMessageNotContaining("hunter2").hasMessageNotContaining("pw-xyz");
  }
}
