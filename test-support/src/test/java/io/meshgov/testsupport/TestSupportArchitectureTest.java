package io.meshgov.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The fixtures are given the application class instead of naming it, so the server's own tests can
 * use them without a cycle between the modules.
 */
@AnalyzeClasses(
    packages = "io.meshgov.testsupport",
    importOptions = ImportOption.DoNotIncludeTests.class)
class TestSupportArchitectureTest {

  @ArchTest
  static final ArchRule fixtures_do_not_depend_on_the_server =
      noClasses()
          .that()
          .resideInAPackage("io.meshgov.testsupport..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.meshgov.server..");
}
