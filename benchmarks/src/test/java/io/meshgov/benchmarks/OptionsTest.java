package io.meshgov.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

class OptionsTest {

  @Test
  void reads_name_value_words_and_ignores_the_rest() {
    assertThat(Options.parse(new String[] {"events=10", "batch=1=2", "verbose", "=x"}))
        .containsOnly(entry("events", "10"), entry("batch", "1=2"));
  }
}
