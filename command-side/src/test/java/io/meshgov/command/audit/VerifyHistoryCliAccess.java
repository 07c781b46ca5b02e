package io.meshgov.command.audit;

import java.io.PrintStream;

/** Lets the store tests run the command line in their JVM (its entry point exits the process). */
public final class VerifyHistoryCliAccess {

  private VerifyHistoryCliAccess() {}

  public static int run(String[] args, PrintStream out, PrintStream err) {
    return VerifyHistoryCli.run(args, out, err);
  }
}
