package io.meshgov.benchmarks;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The benchmarks live in their own package and borrow no other module's package. */
@AnalyzeClasses(packages = "io.meshgov", importOptions = ImportOption.DoNotIncludeTests.class)
class BenchmarksArchitectureTest {

  @ArchTest
  static final ArchRule benchmarks_live_in_their_own_package =
      classes()
          .that()
          .haveSimpleNameEndingWith("Benchmark")
          .should()
          .resideInAPackage("io.meshgov.benchmarks");
}
