package dev.cake.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ThrottledWarningTest {

  @Test
  void aBurstOfFailuresIsOneLineAndTheNextLineCountsWhatWasLeftOut() throws InterruptedException {
    Logger logger = (Logger) LoggerFactory.getLogger("test.throttled");
    var appender = new ListAppender<ILoggingEvent>();
    appender.start();
    logger.addAppender(appender);
    try {
      var warning = new ThrottledWarning(logger, "cache unavailable: {}");
      var failure = new IllegalStateException("pool exhausted");
      for (int i = 0; i < 1000; i++) warning.warn(failure);
      assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage)
          .containsExactly("cache unavailable: java.lang.IllegalStateException: pool exhausted");

      Thread.sleep(1100);
      warning.warn(failure);
      assertThat(appender.list).hasSize(2);
      assertThat(appender.list.get(1).getFormattedMessage()).isEqualTo(
          "cache unavailable: java.lang.IllegalStateException: pool exhausted (999 more like this in the last second)");
    } finally {
      logger.detachAppender(appender);
    }
  }
}
