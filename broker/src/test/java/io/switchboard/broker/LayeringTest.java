package io.switchboard.broker;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The module layering of STYLE.md, checked on the production classes of every module (all of them are on the
 * broker's test classpath): the router knows no protocol, storage or cluster library; adapters know only the
 * router; only the broker wires.
 */
@Timeout(60)
class LayeringTest {
    private static JavaClasses classes;

    /** Production classes only: not test-classes directories nor test jars. */
    private static final ImportOption PRODUCTION_ONLY = (Location location) ->
            !location.contains("/test-classes/") && !location.matches(java.util.regex.Pattern.compile(".*-tests\\.jar.*"));

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(PRODUCTION_ONLY).importPackages("io.switchboard");
    }

    @Test
    void everyModuleIsImported() {
        assertThat(classes.stream().map(c -> c.getPackageName()))
                .anyMatch(p -> p.startsWith("io.switchboard.router"))
                .anyMatch(p -> p.startsWith("io.switchboard.mqtt"))
                .anyMatch(p -> p.startsWith("io.switchboard.persistence"))
                .anyMatch(p -> p.startsWith("io.switchboard.amqp"))
                .anyMatch(p -> p.startsWith("io.switchboard.broker"));
        assertThat(classes.stream().map(c -> c.getName())).doesNotContain(LayeringTest.class.getName());
    }

    private static ArchRule mustNotDependOn(String layer, String... forbidden) {
        return noClasses().that().resideInAPackage(layer).should().dependOnClassesThat().resideInAnyPackage(forbidden);
    }

    @Test
    void routerDependsOnNoProtocolStorageClusterOrOuterModule() {
        mustNotDependOn("io.switchboard.router..", "io.netty..", "org.apache.qpid..", "org.mapdb..", "io.etcd..",
                "io.switchboard.mqtt..", "io.switchboard.amqp..", "io.switchboard.broker..")
                .because("the router is protocol-neutral and owns the storage and cluster interfaces")
                .check(classes);
    }

    @Test
    void theRulesDetectAViolation() {
        assertThatThrownBy(() -> mustNotDependOn("io.switchboard.broker..", "io.netty..").check(classes))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("io.switchboard.broker.Transport");
    }

    @Test
    void mqttAdapterDoesNotDependOnTheBroker() {
        noClasses().that().resideInAPackage("io.switchboard.mqtt..")
                .should().dependOnClassesThat().resideInAPackage("io.switchboard.broker..")
                .because("adapters depend on the router only; the broker wires them")
                .check(classes);
    }

    @Test
    void onlyTheBrokerDependsOnTheMqttAdapter() {
        noClasses().that().resideOutsideOfPackages("io.switchboard.broker..", "io.switchboard.mqtt..")
                .should().dependOnClassesThat().resideInAPackage("io.switchboard.mqtt..")
                .because("nothing depends on an adapter except the wiring")
                .check(classes);
    }

    @Test
    void persistenceDependsOnTheRouterOnly() {
        mustNotDependOn("io.switchboard.persistence..", "io.netty..", "org.apache.qpid..", "io.etcd..",
                "io.switchboard.mqtt..", "io.switchboard.amqp..", "io.switchboard.broker..")
                .because("persistence implements the router's storage interfaces and knows nothing else of ours")
                .check(classes);
    }

    @Test
    void onlyTheBrokerDependsOnPersistence() {
        noClasses().that().resideOutsideOfPackages("io.switchboard.broker..", "io.switchboard.persistence..")
                .should().dependOnClassesThat().resideInAnyPackage("io.switchboard.persistence..", "org.mapdb..")
                .because("only the wiring picks the MapDB store; the router and the adapters see its interfaces")
                .check(classes);
    }

    @Test
    void nothingDependsOnTheBroker() {
        noClasses().that().resideOutsideOfPackage("io.switchboard.broker..")
                .should().dependOnClassesThat().resideInAPackage("io.switchboard.broker..")
                .because("the broker module is the top of the dependency graph")
                .check(classes);
    }

    @Test
    void amqpAdapterDependsOnTheRouterOnly() {
        mustNotDependOn("io.switchboard.amqp..", "io.switchboard.broker..", "io.switchboard.mqtt..",
                "io.switchboard.persistence..", "org.mapdb..", "io.etcd..", "io.netty.handler.codec.mqtt..")
                .because("adapters depend on the router only (plus Netty and proton-j); the broker wires them")
                .check(classes);
    }

    @Test
    void onlyTheBrokerDependsOnTheAmqpAdapter() {
        noClasses().that().resideOutsideOfPackages("io.switchboard.broker..", "io.switchboard.amqp..")
                .should().dependOnClassesThat().resideInAPackage("io.switchboard.amqp..")
                .because("nothing depends on an adapter except the wiring")
                .check(classes);
    }

    @Test
    void protonJStaysInTheAmqpAdapter() {
        noClasses().that().resideOutsideOfPackage("io.switchboard.amqp..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.qpid.proton..")
                .because("AMQP wire types never leave the AMQP adapter")
                .check(classes);
    }
}
