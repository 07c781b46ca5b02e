package io.meshgov.query;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The query side reads the graph and the contract; it never reaches into the command side (commands
 * go through the contract's GovernanceGateway) nor into the server that assembles it.
 */
@AnalyzeClasses(packages = "io.meshgov.query", importOptions = ImportOption.DoNotIncludeTests.class)
class QuerySideArchitectureTest {

  @ArchTest
  static final ArchRule the_query_side_is_free_of_the_command_side =
      noClasses()
          .that()
          .resideInAPackage("io.meshgov.query..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.meshgov.command..", "io.meshgov.server..");

  @ArchTest
  static final ArchRule no_cycles_between_packages =
      slices().matching("io.meshgov.query.(**)").should().beFreeOfCycles();
}
