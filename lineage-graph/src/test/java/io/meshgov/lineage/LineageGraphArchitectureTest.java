package io.meshgov.lineage;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The graph knows Neo4j and the contract, nothing of how events reach it: no Axon, no Spring (web
 * or otherwise), no Kafka, and neither side's modules.
 */
@AnalyzeClasses(
    packages = "io.meshgov.lineage",
    importOptions = ImportOption.DoNotIncludeTests.class)
class LineageGraphArchitectureTest {

  @ArchTest
  static final ArchRule the_graph_is_free_of_axon_spring_and_kafka =
      noClasses()
          .that()
          .resideInAPackage("io.meshgov.lineage..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.axonframework..",
              "org.springframework..",
              "org.apache.kafka..",
              "io.meshgov.command..",
              "io.meshgov.query..",
              "io.meshgov.server..");

  @ArchTest
  static final ArchRule no_cycles_between_packages =
      slices().matching("io.meshgov.lineage.(**)").should().beFreeOfCycles();
}
