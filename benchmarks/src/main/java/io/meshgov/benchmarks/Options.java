package io.meshgov.benchmarks;

import java.util.Map;

/** A benchmark's arguments: {@code name=value} words, in any order, the rest ignored. */
final class Options {

  private Options() {}

  static Map<String, String> parse(String[] args) {
    Map<String, String> options = Options.parse(args);
    return options;
  }
}
