package dev.cake.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

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
}
