package io.peerexchange.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.lang.ArchRule;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.InstantSource;
import java.util.Timer;

/**
 * The dependency direction of the hexagon. Maven already stops a module from importing what its
 * pom does not list; these rules also hold the line for transitive dependencies and libraries, and
 * for the seams inside a module: pure codecs, WireGuard backends apart from each other.
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
    static final String SYSTEMD = "io.peerexchange.adapters.systemd..";
    static final String PORTMAP = "io.peerexchange.adapters.portmap..";
    static final String OURS = "io.peerexchange..";

    static final String WIREGUARD_DEVICE_SEAM = "io.peerexchange.adapters.wireguard.device..";
    /** Each sub-package of the WireGuard adapter but the seam is one backend (with its codecs below it). */
    static final String WIREGUARD_BACKEND_SLICES = "io.peerexchange.adapters.wireguard.(*)..";

    static final String GENERIC_NETLINK = "io.peerexchange.adapters.wireguard.netlink.genl..";
    static final String ROUTE_NETLINK = "io.peerexchange.adapters.wireguard.netlink.route..";
    /** The pure codecs: bytes or text in, values out, nothing else. */
    static final String[] CODECS = {
        "io.peerexchange.adapters.stun.codec..",
        "io.peerexchange.adapters.wireguard.uapi.codec..",
        GENERIC_NETLINK,
        "io.peerexchange.adapters.wireguard.netlink.family..",
        "io.peerexchange.adapters.controlplane.sse..",
        "io.peerexchange.adapters.portmap.codec..",
        ROUTE_NETLINK
    };

    static final String[] JDK = {"java..", "javax.net..", "javax.crypto..", "javax.security.."};
    static final String SLF4J = "org.slf4j..";
    static final String JNA = "com.sun.jna..";
    static final String JACKSON = "com.fasterxml.jackson..";
    static final String HTTP_CLIENT = "org.apache.hc..";
    static final String[] DAGGER = {"dagger..", "javax.inject..", "jakarta.inject.."};
    static final String PICOCLI = "picocli..";
    /** The JDK's XML parser, which UPnP IGD's device descriptions and SOAP need. */
    static final String[] JDK_XML = {"javax.xml..", "org.w3c.dom..", "org.xml.sax.."};

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

    static final ArchRule SYSTEMD_ADAPTER_USES_PORTS_AND_ITS_LIBRARIES = adapterOnlyUses(SYSTEMD, JNA);

    static final ArchRule PORTMAP_ADAPTER_USES_PORTS_AND_ITS_LIBRARIES = adapterOnlyUses(PORTMAP, JDK_XML);

    static final ArchRule XML_ONLY_IN_PORTMAP_CODECS = noClasses()
            .that()
            .resideInAPackage(OURS)
            .and()
            .resideOutsideOfPackage("io.peerexchange.adapters.portmap.codec..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(JDK_XML)
            .because("gateway XML is parsed in one place, with DTDs and external entities refused");

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

    static final ArchRule JNA_ONLY_IN_STUN_WIREGUARD_AND_SYSTEMD_ADAPTERS = noClasses()
            .that()
            .resideInAPackage(OURS)
            .and()
            .resideOutsideOfPackages(STUN, WIREGUARD, SYSTEMD)
            .should()
            .dependOnClassesThat()
            .resideInAPackage(JNA)
            .because("native calls stay inside the adapters that need raw, netlink and Unix datagram sockets");

    static final ArchRule NO_PACKAGE_CYCLES =
            slices().matching("io.peerexchange.(**)").should().beFreeOfCycles();

    /** Addresses are values a codec reads and writes; everything else in java.net does I/O. */
    private static final DescribedPredicate<JavaClass> SOCKETS_CHANNELS_OR_NATIVE_CALLS = resideInAnyPackage(
                    "java.net..", "java.nio.channels..", "javax.net..", "jdk.net..", JNA)
            .and(not(belongToAnyOf(
                    InetAddress.class,
                    Inet4Address.class,
                    Inet6Address.class,
                    InetSocketAddress.class,
                    UnknownHostException.class,
                    URI.class,
                    URISyntaxException.class)))
            .as("sockets, channels or native calls");

    private static final DescribedPredicate<JavaClass> THREADS_OR_EXECUTORS = belongToAnyOf(
                    Thread.class, ThreadGroup.class, Timer.class)
            .or(resideInAPackage("java.util.concurrent.."))
            .as("threads, executors or concurrency utilities");

    private static final DescribedPredicate<JavaMethodCall> READING_A_CLOCK =
            describe("System.currentTimeMillis(), System.nanoTime() or a java.time now()", call -> {
                String owner = call.getTargetOwner().getName();
                String method = call.getName();
                return (owner.equals(System.class.getName())
                                && (method.equals("currentTimeMillis") || method.equals("nanoTime")))
                        || (call.getTargetOwner().getPackageName().equals("java.time") && method.equals("now"));
            });

    static final ArchRule CODECS_USE_NO_SOCKETS = noClasses()
            .that()
            .resideInAnyPackage(CODECS)
            .should()
            .dependOnClassesThat(SOCKETS_CHANNELS_OR_NATIVE_CALLS)
            .because("a codec turns bytes into values; the transport around it is tested apart");

    static final ArchRule CODECS_USE_NO_THREADS = noClasses()
            .that()
            .resideInAnyPackage(CODECS)
            .should()
            .dependOnClassesThat(THREADS_OR_EXECUTORS)
            .because("a codec runs on its caller's thread, so it can be fuzzed and tested without waiting");

    static final ArchRule CODECS_READ_NO_CLOCK = noClasses()
            .that()
            .resideInAnyPackage(CODECS)
            .should()
            .dependOnClassesThat(belongToAnyOf(Clock.class, InstantSource.class))
            .orShould()
            .callMethodWhere(READING_A_CLOCK)
            .because("a codec's answer depends on its input only; time is its caller's business");

    static final ArchRule WIREGUARD_BACKENDS_NEVER_DEPEND_ON_EACH_OTHER = slices().matching(WIREGUARD_BACKEND_SLICES)
            .should()
            .notDependOnEachOther()
            .ignoreDependency(alwaysTrue(), resideInAPackage(WIREGUARD_DEVICE_SEAM))
            .because("uapi, netlink and any backend added beside them are replaceable on their own;"
                    + " what they share lives in the device seam");

    static final ArchRule WIREGUARD_DEVICE_SEAM_KNOWS_NO_BACKEND = classes()
            .that()
            .resideInAPackage(WIREGUARD_DEVICE_SEAM)
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("java..", PORTS, WIREGUARD_DEVICE_SEAM)
            .because("the seam is what every backend implements; it names none of them");

    static final ArchRule GENERIC_NETLINK_KNOWS_NO_FAMILY = classes()
            .that()
            .resideInAPackage(GENERIC_NETLINK)
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("java..", PORTS, GENERIC_NETLINK)
            .because("generic netlink framing serves any family; WireGuard's sits on top of it");

    static final ArchRule ROUTE_NETLINK_KNOWS_NO_FAMILY = classes()
            .that()
            .resideInAPackage(ROUTE_NETLINK)
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("java..", PORTS, GENERIC_NETLINK, ROUTE_NETLINK)
            .because("rtnetlink shares the one netlink framing with WireGuard's family, nothing of the family itself");

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
