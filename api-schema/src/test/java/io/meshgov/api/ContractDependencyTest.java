package io.meshgov.api;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.serialization.Revision;

/**
 * The contract is public: it may depend on nothing but the JDK, Axon annotations and Jackson. The
 * wire format beside it may also use the CloudEvents SDK, Jackson's data binding and Axon's event
 * messages (to turn stored events into governance events).
 */
@AnalyzeClasses(packages = "io.meshgov.api", importOptions = ImportOption.DoNotIncludeTests.class)
class ContractDependencyTest {

  @ArchTest
  static final ArchRule the_contract_depends_only_on_the_jdk_axon_annotations_and_jackson =
      classes()
          .that()
          .resideInAPackage("io.meshgov.api..")
          .and()
          .resideOutsideOfPackage("io.meshgov.api.wire..")
          .should()
          .onlyDependOnClassesThat(
              resideInAnyPackage("java..", "io.meshgov.api..", "com.fasterxml.jackson.annotation..")
                  .or(belongToAnyOf(TargetAggregateIdentifier.class, Revision.class)));

  @ArchTest
  static final ArchRule the_wire_format_adds_only_cloudevents_jackson_and_axon_messages =
      classes()
          .that()
          .resideInAPackage("io.meshgov.api.wire..")
          .should()
          .onlyDependOnClassesThat(
              resideInAnyPackage(
                      "java..",
                      "io.meshgov.api..",
                      "io.cloudevents..",
                      "com.fasterxml.jackson..",
                      "org.axonframework.eventhandling..",
                      "org.axonframework.messaging..")
                  .or(belongToAnyOf(Revision.class)));

  @ArchTest
  static final ArchRule no_cycles_between_packages =
      slices().matching("io.meshgov.api.(**)").should().beFreeOfCycles();
}
