package io.meshgov.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The server assembles the modules and adds the web edge; it does not take the command side's
 * decisions (no aggregate is touched from here) and its packages do not depend on each other in
 * circles.
 */
@AnalyzeClasses(
    packages = "io.meshgov.server",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ServerArchitectureTest {

  @ArchTest
  static final ArchRule the_server_never_touches_an_aggregate =
      noClasses()
          .that()
          .resideInAPackage("io.meshgov.server..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.meshgov.command.domain..");

  @ArchTest
  static final ArchRule no_cycles_between_packages =
      slices().matching("io.meshgov.server.(**)").should().beFreeOfCycles();
}
