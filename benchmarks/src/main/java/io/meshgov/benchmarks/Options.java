package io.meshgov.benchmarks;

import java.util.HashMap;
import java.util.Map;

/**
 * A benchmark's arguments: {@code name=value} words, in any order, the rest ignored. Maven's exec
 * plugin hands {@code -Dbenchmark.args="a=1 b=2"} over as one argument: words are split at blanks.
 */
final class Options {

  private Options() {}

  static Map<String, String> parse(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (String arg : args) {
      for (String word : arg.trim().split("\\s+")) {
        int equals = word.indexOf('=');
        if (equals > 0) {
          options.put(word.substring(0, equals), word.substring(equals + 1));
        }
      }
    }
    return options;
  }
}
