package io.meshgov.schema;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The schema rules are pure: the JDK, Avro and the contract, so both sides may use them. */
@AnalyzeClasses(
    packages = "io.meshgov.schema",
    importOptions = ImportOption.DoNotIncludeTests.class)
class SchemaRulesArchitectureTest {

  @ArchTest
  static final ArchRule only_the_jdk_avro_and_the_contract =
      classes()
          .that()
          .resideInAPackage("io.meshgov.schema..")
          .should()
          .onlyDependOnClassesThat(
              resideInAnyPackage(
                  "java..", "org.apache.avro..", "io.meshgov.api", "io.meshgov.schema.."));
}
