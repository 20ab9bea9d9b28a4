package io.peerexchange.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The production code of every module obeys every rule. */
class HexagonRulesTest {

    static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.peerexchange");
    }

    @Test
    void everyModuleIsImported() {
        assertThat(production.containPackage("io.peerexchange.ports")).isTrue();
        assertThat(production.containPackage("io.peerexchange.domain")).isTrue();
        assertThat(production.containPackage("io.peerexchange.adapters.stun")).isTrue();
        assertThat(production.containPackage("io.peerexchange.adapters.controlplane"))
                .isTrue();
        assertThat(production.containPackage("io.peerexchange.adapters.wireguard"))
                .isTrue();
        assertThat(production.containPackage("io.peerexchange.adapters.systemd"))
                .isTrue();
        assertThat(production.containPackage("io.peerexchange.adapters.portmap"))
                .isTrue();
        assertThat(production.containPackage("io.peerexchange.bootstrap")).isTrue();
        assertThat(production).noneMatch(c -> c.getPackageName().contains("archfixture"));
        for (String codec : HexagonRules.CODECS) {
            String name = codec.substring(0, codec.length() - 2);
            assertThat(production.containPackage(name)).as(name).isTrue();
        }
    }

    @Test
    void portsDependOnJavaOnly() {
        HexagonRules.PORTS_DEPEND_ON_JAVA_ONLY.check(production);
    }

    @Test
    void portsLoggingUsesSlf4jOnly() {
        HexagonRules.PORTS_LOGGING_USES_SLF4J_ONLY.check(production);
    }

    @Test
    void domainDependsOnJavaPortsAndSlf4jOnly() {
        HexagonRules.DOMAIN_DEPENDS_ON_JAVA_PORTS_AND_SLF4J_ONLY.check(production);
    }

    @Test
    void stunAdapterUsesPortsAndItsLibrariesOnly() {
        HexagonRules.STUN_ADAPTER_USES_PORTS_AND_ITS_LIBRARIES.check(production);
    }

    @Test
    void controlPlaneAdapterUsesPortsAndItsLibrariesOnly() {
        HexagonRules.CONTROL_PLANE_ADAPTER_USES_PORTS_AND_ITS_LIBRARIES.check(production);
    }

    @Test
    void wireGuardAdapterUsesPortsAndItsLibrariesOnly() {
        HexagonRules.WIREGUARD_ADAPTER_USES_PORTS_AND_ITS_LIBRARIES.check(production);
    }

    @Test
    void systemdAdapterUsesPortsAndItsLibrariesOnly() {
        HexagonRules.SYSTEMD_ADAPTER_USES_PORTS_AND_ITS_LIBRARIES.check(production);
    }

    @Test
    void portMapAdapterUsesPortsAndItsLibrariesOnly() {
        HexagonRules.PORTMAP_ADAPTER_USES_PORTS_AND_ITS_LIBRARIES.check(production);
    }

    @Test
    void xmlOnlyInThePortMapCodecs() {
        HexagonRules.XML_ONLY_IN_PORTMAP_CODECS.check(production);
    }

    @Test
    void adaptersNeverDependOnTheDomain() {
        HexagonRules.ADAPTERS_NEVER_DEPEND_ON_THE_DOMAIN.check(production);
    }

    @Test
    void adaptersNeverDependOnEachOther() {
        HexagonRules.ADAPTERS_NEVER_DEPEND_ON_EACH_OTHER.check(production);
    }

    @Test
    void daggerOnlyInBootstrap() {
        HexagonRules.DAGGER_ONLY_IN_BOOTSTRAP.check(production);
    }

    @Test
    void picocliOnlyInBootstrap() {
        HexagonRules.PICOCLI_ONLY_IN_BOOTSTRAP.check(production);
    }

    @Test
    void jacksonAndHttpClientOnlyInTheControlPlaneAdapter() {
        HexagonRules.JACKSON_AND_HTTP_CLIENT_ONLY_IN_CONTROL_PLANE_ADAPTER.check(production);
    }

    @Test
    void jnaOnlyInTheStunWireGuardAndSystemdAdapters() {
        HexagonRules.JNA_ONLY_IN_STUN_WIREGUARD_AND_SYSTEMD_ADAPTERS.check(production);
    }

    @Test
    void noPackageCycles() {
        HexagonRules.NO_PACKAGE_CYCLES.check(production);
    }

    @Test
    void codecsUseNoSockets() {
        HexagonRules.CODECS_USE_NO_SOCKETS.check(production);
    }

    @Test
    void codecsUseNoThreads() {
        HexagonRules.CODECS_USE_NO_THREADS.check(production);
    }

    @Test
    void codecsReadNoClock() {
        HexagonRules.CODECS_READ_NO_CLOCK.check(production);
    }

    @Test
    void wireGuardBackendsNeverDependOnEachOther() {
        HexagonRules.WIREGUARD_BACKENDS_NEVER_DEPEND_ON_EACH_OTHER.check(production);
    }

    @Test
    void wireGuardDeviceSeamKnowsNoBackend() {
        HexagonRules.WIREGUARD_DEVICE_SEAM_KNOWS_NO_BACKEND.check(production);
    }

    @Test
    void genericNetlinkKnowsNoFamily() {
        HexagonRules.GENERIC_NETLINK_KNOWS_NO_FAMILY.check(production);
    }

    @Test
    void routeNetlinkKnowsNoFamily() {
        HexagonRules.ROUTE_NETLINK_KNOWS_NO_FAMILY.check(production);
    }
}
