package io.peerexchange.bootstrap;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The module's own package structure: the project-wide rules (architecture-tests) forbid package
 * cycles; this catches one here, before the whole reactor is built.
 */
class BootstrapPackagesTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.peerexchange.bootstrap");

    @Test
    void bootstrapPackages_areFreeOfCycles() {
        slices().matching("io.peerexchange.(**)").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void bootstrap_neverUsesJacksonOrTheHttpClientDirectly() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("com.fasterxml.jackson..", "org.apache.hc..")
                .check(CLASSES);
    }
}
