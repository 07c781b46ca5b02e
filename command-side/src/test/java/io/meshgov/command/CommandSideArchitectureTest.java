package io.meshgov.command;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The domain (aggregates and the lookups they ask) stays free of Spring, Kafka, Neo4j and the
 * infrastructure that wires it, and reads time only from an injected clock or the event.
 */
@AnalyzeClasses(
    packages = "io.meshgov.command",
    importOptions = ImportOption.DoNotIncludeTests.class)
class CommandSideArchitectureTest {

  @ArchTest
  static final ArchRule aggregates_do_not_depend_on_spring_kafka_or_neo4j =
      noClasses()
          .that()
          .resideInAPackage("io.meshgov.command.domain..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.springframework..",
              "org.apache.kafka..",
              "org.neo4j..",
              "io.meshgov.command.infrastructure..");

  @ArchTest
  static final ArchRule aggregates_never_read_the_system_clock =
      noClasses()
          .that()
          .resideInAPackage("io.meshgov.command.domain..")
          .should()
          .callMethod(Instant.class, "now")
          .orShould()
          .callMethod(LocalDate.class, "now")
          .orShould()
          .callMethod(Clock.class, "systemUTC")
          .orShould()
          .callMethod(Clock.class, "systemDefaultZone")
          .orShould()
          .callMethod(System.class, "currentTimeMillis");

  @ArchTest
  static final ArchRule no_cycles_between_packages =
      slices().matching("io.meshgov.command.(**)").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule the_command_side_never_reads_the_graph =
      noClasses()
          .that()
          .resideInAPackage("io.meshgov.command..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.meshgov.lineage..", "io.meshgov.query..", "org.neo4j..");
}
