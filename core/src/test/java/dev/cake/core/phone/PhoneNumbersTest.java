package dev.cake.core.phone;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PhoneNumbersTest {
  final PhoneNumbers vn = new PhoneNumbers("VN");

  @Test
  void acceptsTheOriginalsExamples() {
    assertThat(vn.normalise("+1234567890")).contains("+1234567890");
    assertThat(vn.normalise("+1-418-543-8090")).contains("+14185438090");
    assertThat(vn.normalise("+1 (418) 543-8090")).contains("+14185438090");
  }

  @Test
  void readsNationalNumbersInTheDefaultRegion() {
    assertThat(vn.normalise("0912345678")).contains("+84912345678");
    assertThat(vn.normalise(" 091 234 5678 ")).contains("+84912345678");
    assertThat(new PhoneNumbers("US").normalise("(418) 543-8090")).contains("+14185438090");
  }

  @Test
  void rejectsWhatIsNotAPhoneNumber() {
    assertThat(vn.normalise(null)).isEmpty();
    assertThat(vn.normalise("")).isEmpty();
    assertThat(vn.normalise("12")).isEmpty();
    assertThat(vn.normalise("call me maybe")).isEmpty();
    assertThat(vn.normalise("+0123456789")).isEmpty();
    assertThat(vn.normalise("+1234567890123456789")).isEmpty();
    assertThat(vn.normalise("0912345678; DROP TABLE users")).isEmpty();
  }
}
