package io.peerexchange.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;

/**
 * The dependency direction of the hexagon. Maven already stops a module from importing what its
 * pom does not list; these rules also hold the line for transitive dependencies and libraries.
 */
final class HexagonRules {
    static final String PORTS = "io.peerexchange.ports..";
    static final String PORTS_LOGGING = "io.peerexchange.ports.logging..";
    static final String DOMAIN = "io.peerexchange.domain..";
    static final String BOOTSTRAP = "io.peerexchange.bootstrap..";
    static final String ADAPTERS = "io.peerexchange.adapters..";
    static final String STUN = "io.peerexchange.adapters.stun..";
    static final String CONTROL_PLANE = "io.peerexchange.adapters.controlplane..";
    static final String WIREGUARD = "io.peerexchange.adapters.wireguard..";
    static final String OURS = "io.peerexchange..";

    static final String[] JDK = {"java..", "javax.net..", "javax.crypto..", "javax.security.."};
    static final String SLF4J = "org.slf4j..";
    static final String JNA = "com.sun.jna..";
    static final String JACKSON = "com.fasterxml.jackson..";
    static final String HTTP_CLIENT = "org.apache.hc..";
    static final String[] DAGGER = {"dagger..", "javax.inject..", "jakarta.inject.."};
    static final String PICOCLI = "picocli..";

    private HexagonRules() {}

    static final ArchRule PORTS_DEPEND_ON_JAVA_ONLY = classes()
            .that()
            .resideInAPackage(PORTS)
            .and()
            .resideOutsideOfPackage(PORTS_LOGGING)
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("java..", PORTS)
            .because("the ports are the pure contracts every module shares");

    static final ArchRule PORTS_LOGGING_USES_SLF4J_ONLY = classes()
            .that()
            .resideInAPackage(PORTS_LOGGING)
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("java..", PORTS_LOGGING, SLF4J)
            .because("the component logger every module shares is a thin layer over slf4j-api");

    static final ArchRule DOMAIN_DEPENDS_ON_JAVA_PORTS_AND_SLF4J_ONLY = classes()
            .that()
            .resideInAPackage(DOMAIN)
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("java..", PORTS, DOMAIN, SLF4J)
            .because("the core is pure behaviour and talks to the world through ports");

    static final ArchRule STUN_ADAPTER_USES_PORTS_AND_ITS_LIBRARIES = adapterOnlyUses(STUN, JNA);

    static final ArchRule CONTROL_PLANE_ADAPTER_USES_PORTS_AND_ITS_LIBRARIES =
            adapterOnlyUses(CONTROL_PLANE, JACKSON, HTTP_CLIENT);

    static final ArchRule WIREGUARD_ADAPTER_USES_PORTS_AND_ITS_LIBRARIES = adapterOnlyUses(WIREGUARD, JNA);

    static final ArchRule ADAPTERS_NEVER_DEPEND_ON_THE_DOMAIN = noClasses()
            .that()
            .resideInAPackage(ADAPTERS)
            .should()
            .dependOnClassesThat()
            .resideInAPackage(DOMAIN)
            .because("adapters implement ports; the core is wired to them in bootstrap");

    static final ArchRule ADAPTERS_NEVER_DEPEND_ON_EACH_OTHER = slices().matching("io.peerexchange.adapters.(*)..")
            .should()
            .notDependOnEachOther()
            .because("each adapter module is replaceable on its own");

    static final ArchRule DAGGER_ONLY_IN_BOOTSTRAP = onlyBootstrapUses("Dagger and JSR-330", DAGGER);

    static final ArchRule PICOCLI_ONLY_IN_BOOTSTRAP = onlyBootstrapUses("picocli", PICOCLI);

    static final ArchRule JACKSON_AND_HTTP_CLIENT_ONLY_IN_CONTROL_PLANE_ADAPTER = noClasses()
            .that()
            .resideInAPackage(OURS)
            .and()
            .resideOutsideOfPackage(CONTROL_PLANE)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(JACKSON, HTTP_CLIENT)
            .because("JSON and HTTP are the control-plane adapter's business");

    static final ArchRule JNA_ONLY_IN_STUN_AND_WIREGUARD_ADAPTERS = noClasses()
            .that()
            .resideInAPackage(OURS)
            .and()
            .resideOutsideOfPackages(STUN, WIREGUARD)
            .should()
            .dependOnClassesThat()
            .resideInAPackage(JNA)
            .because("native calls stay inside the adapters that need raw and netlink sockets");

    static final ArchRule NO_PACKAGE_CYCLES =
            slices().matching("io.peerexchange.(**)").should().beFreeOfCycles();

    private static ArchRule adapterOnlyUses(String adapter, String... libraries) {
        String[] allowed = concat(JDK, new String[] {PORTS, adapter, SLF4J}, libraries);
        return classes()
                .that()
                .resideInAPackage(adapter)
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(allowed)
                .because("an adapter depends on the ports and its own libraries only");
    }

    private static ArchRule onlyBootstrapUses(String what, String... packages) {
        return noClasses()
                .that()
                .resideInAPackage(OURS)
                .and()
                .resideOutsideOfPackage(BOOTSTRAP)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(packages)
                .because(what + " belong to the composition root only");
    }

    private static String[] concat(String[]... parts) {
        return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }
}
