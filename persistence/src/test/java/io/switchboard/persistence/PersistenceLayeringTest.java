package io.switchboard.persistence;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** STYLE.md's layering for this module: persistence knows the router only, and the router knows no MapDB. */
@Timeout(60)
class PersistenceLayeringTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // no DO_NOT_INCLUDE_JARS: under `mvn verify` the router's classes come from its packaged jar
            .importPackages("io.switchboard.persistence", "io.switchboard.router");

    @Test
    void persistenceDependsOnTheRouterOnly() {
        noClasses().that().resideInAPackage("io.switchboard.persistence..")
                .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "org.apache.qpid..", "io.etcd..",
                        "io.switchboard.mqtt..", "io.switchboard.broker..")
                .because("storage backends implement the router's SPI and nothing else")
                .check(CLASSES);
    }

    @Test
    void theRouterKnowsNeitherMapDbNorThisModule() {
        noClasses().that().resideInAPackage("io.switchboard.router..")
                .should().dependOnClassesThat().resideInAnyPackage("org.mapdb..", "io.switchboard.persistence..")
                .because("the router owns the storage interfaces; the broker picks the backend")
                .check(CLASSES);
    }
}
