package io.meshgov.plumbing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Plumbing serves both sides and the server, so it knows none of them (nor the graph). */
@AnalyzeClasses(
    packages = "io.meshgov.plumbing",
    importOptions = ImportOption.DoNotIncludeTests.class)
class PlumbingArchitectureTest {

  @ArchTest
  static final ArchRule plumbing_knows_no_module_above_it =
      noClasses()
          .that()
          .resideInAPackage("io.meshgov.plumbing..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.meshgov.command..",
              "io.meshgov.query..",
              "io.meshgov.lineage..",
              "io.meshgov.server..",
              "org.neo4j..");
}
