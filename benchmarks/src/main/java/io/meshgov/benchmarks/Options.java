package io.meshgov.benchmarks;

import java.util.HashMap;
import java.util.Map;

/** A benchmark's arguments: {@code name=value} words, in any order, the rest ignored. */
final class Options {

  private Options() {}

  static Map<String, String> parse(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (String arg : args) {
      int equals = arg.indexOf('=');
      if (equals > 0) {
        options.put(arg.substring(0, equals), arg.substring(equals + 1));
      }
    }
    return options;
  }
}
