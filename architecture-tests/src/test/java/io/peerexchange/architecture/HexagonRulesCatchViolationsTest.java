package io.peerexchange.architecture;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import io.peerexchange.adapters.controlplane.archfixture.ControlPlaneUsingJna;
import io.peerexchange.adapters.controlplane.sse.archfixture.SseParserTiming;
import io.peerexchange.adapters.controlplane.sse.archfixture.SseParserUsingAnExecutor;
import io.peerexchange.adapters.portmap.archfixture.PortMapUsingJna;
import io.peerexchange.adapters.portmap.archfixture.PortMapUsingTheStunAdapter;
import io.peerexchange.adapters.portmap.codec.archfixture.PortMapCodecParsingXml;
import io.peerexchange.adapters.portmap.codec.archfixture.PortMapCodecUsingASocket;
import io.peerexchange.adapters.stun.archfixture.StunUsingDomain;
import io.peerexchange.adapters.stun.archfixture.StunUsingHttpClient;
import io.peerexchange.adapters.stun.archfixture.StunValue;
import io.peerexchange.adapters.stun.codec.archfixture.StunCodecReadingTheClock;
import io.peerexchange.adapters.stun.codec.archfixture.StunCodecUsingASocket;
import io.peerexchange.adapters.stun.codec.archfixture.StunCodecUsingValues;
import io.peerexchange.adapters.systemd.archfixture.SystemdUsingJackson;
import io.peerexchange.adapters.wireguard.archfixture.WireGuardUsingJackson;
import io.peerexchange.adapters.wireguard.archfixture.WireGuardUsingStunAdapter;
import io.peerexchange.adapters.wireguard.device.archfixture.SeamUsingUapi;
import io.peerexchange.adapters.wireguard.device.archfixture.SeamValue;
import io.peerexchange.adapters.wireguard.netlink.archfixture.NetlinkUsingTheSeam;
import io.peerexchange.adapters.wireguard.netlink.archfixture.NetlinkUsingUapi;
import io.peerexchange.adapters.wireguard.netlink.archfixture.NetlinkValue;
import io.peerexchange.adapters.wireguard.netlink.family.archfixture.FamilySleeping;
import io.peerexchange.adapters.wireguard.netlink.genl.archfixture.GenlUsingJna;
import io.peerexchange.adapters.wireguard.netlink.genl.archfixture.GenlUsingTheWireGuardFamily;
import io.peerexchange.adapters.wireguard.netlink.route.archfixture.RouteOnTheFraming;
import io.peerexchange.adapters.wireguard.netlink.route.archfixture.RouteUsingJna;
import io.peerexchange.adapters.wireguard.netlink.route.archfixture.RouteUsingTheWireGuardFamily;
import io.peerexchange.adapters.wireguard.uapi.archfixture.UapiUsingNetlink;
import io.peerexchange.adapters.wireguard.uapi.archfixture.UapiValue;
import io.peerexchange.adapters.wireguard.uapi.codec.archfixture.UapiCodecUsingAChannel;
import io.peerexchange.adapters.wireguard.uapi.codec.archfixture.UapiCodecWithAClock;
import io.peerexchange.archfixture.cycle.a.CycleA;
import io.peerexchange.archfixture.cycle.b.CycleB;
import io.peerexchange.domain.archfixture.DomainUsingDagger;
import io.peerexchange.domain.archfixture.DomainUsingJackson;
import io.peerexchange.domain.archfixture.DomainUsingPicocli;
import io.peerexchange.ports.archfixture.PortUsingSlf4j;
import io.peerexchange.ports.logging.archfixture.LoggerUsingJackson;
import org.junit.jupiter.api.Test;

/** Each rule fails on a class that deliberately breaks it, so no rule passes vacuously. */
class HexagonRulesCatchViolationsTest {

    private static void assertCaught(ArchRule rule, Class<?>... fixtures) {
        JavaClasses classes = new ClassFileImporter().importClasses(fixtures);
        assertThatThrownBy(() -> rule.check(classes))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(fixtures[0].getSimpleName());
    }

    private static void assertKept(ArchRule rule, Class<?>... fixtures) {
        rule.check(new ClassFileImporter().importClasses(fixtures));
    }

    @Test
    void portsRule_catchesAPortUsingSlf4j() {
        assertCaught(HexagonRules.PORTS_DEPEND_ON_JAVA_ONLY, PortUsingSlf4j.class);
    }

    @Test
    void portsLoggingRule_catchesTheLoggerUsingJackson() {
        assertCaught(HexagonRules.PORTS_LOGGING_USES_SLF4J_ONLY, LoggerUsingJackson.class);
    }

    @Test
    void domainRule_catchesTheDomainUsingJackson() {
        assertCaught(HexagonRules.DOMAIN_DEPENDS_ON_JAVA_PORTS_AND_SLF4J_ONLY, DomainUsingJackson.class);
    }

    @Test
    void stunAdapterRule_catchesItUsingHttpClient() {
        assertCaught(HexagonRules.STUN_ADAPTER_USES_PORTS_AND_ITS_LIBRARIES, StunUsingHttpClient.class);
    }

    @Test
    void controlPlaneAdapterRule_catchesItUsingJna() {
        assertCaught(HexagonRules.CONTROL_PLANE_ADAPTER_USES_PORTS_AND_ITS_LIBRARIES, ControlPlaneUsingJna.class);
    }

    @Test
    void wireGuardAdapterRule_catchesItUsingJackson() {
        assertCaught(HexagonRules.WIREGUARD_ADAPTER_USES_PORTS_AND_ITS_LIBRARIES, WireGuardUsingJackson.class);
    }

    @Test
    void systemdAdapterRule_catchesItUsingJackson() {
        assertCaught(HexagonRules.SYSTEMD_ADAPTER_USES_PORTS_AND_ITS_LIBRARIES, SystemdUsingJackson.class);
    }

    @Test
    void portMapAdapterRule_catchesItUsingJna() {
        assertCaught(HexagonRules.PORTMAP_ADAPTER_USES_PORTS_AND_ITS_LIBRARIES, PortMapUsingJna.class);
    }

    @Test
    void portMapAdapterRule_keepsItsCodecParsingXml() {
        assertKept(HexagonRules.PORTMAP_ADAPTER_USES_PORTS_AND_ITS_LIBRARIES, PortMapCodecParsingXml.class);
    }

    @Test
    void xmlRule_catchesXmlOutsideThePortMapCodecs() {
        assertCaught(HexagonRules.XML_ONLY_IN_PORTMAP_CODECS, PortMapUsingJna.class);
    }

    @Test
    void adaptersIndependentRule_catchesThePortMapperUsingTheStunAdapter() {
        assertCaught(
                HexagonRules.ADAPTERS_NEVER_DEPEND_ON_EACH_OTHER, PortMapUsingTheStunAdapter.class, StunValue.class);
    }

    @Test
    void adaptersNotOnDomainRule_catchesAnAdapterUsingTheCore() {
        assertCaught(HexagonRules.ADAPTERS_NEVER_DEPEND_ON_THE_DOMAIN, StunUsingDomain.class);
    }

    @Test
    void adaptersIndependentRule_catchesOneAdapterUsingAnother() {
        assertCaught(
                HexagonRules.ADAPTERS_NEVER_DEPEND_ON_EACH_OTHER, WireGuardUsingStunAdapter.class, StunValue.class);
    }

    @Test
    void daggerRule_catchesTheDomainUsingDagger() {
        assertCaught(HexagonRules.DAGGER_ONLY_IN_BOOTSTRAP, DomainUsingDagger.class);
    }

    @Test
    void picocliRule_catchesTheDomainUsingPicocli() {
        assertCaught(HexagonRules.PICOCLI_ONLY_IN_BOOTSTRAP, DomainUsingPicocli.class);
    }

    @Test
    void jacksonAndHttpClientRule_catchesThemOutsideTheControlPlaneAdapter() {
        assertCaught(HexagonRules.JACKSON_AND_HTTP_CLIENT_ONLY_IN_CONTROL_PLANE_ADAPTER, DomainUsingJackson.class);
        assertCaught(HexagonRules.JACKSON_AND_HTTP_CLIENT_ONLY_IN_CONTROL_PLANE_ADAPTER, StunUsingHttpClient.class);
    }

    @Test
    void jnaRule_catchesJnaOutsideTheStunAndWireGuardAdapters() {
        assertCaught(HexagonRules.JNA_ONLY_IN_STUN_WIREGUARD_AND_SYSTEMD_ADAPTERS, ControlPlaneUsingJna.class);
    }

    @Test
    void cycleRule_catchesTwoPackagesUsingEachOther() {
        assertCaught(HexagonRules.NO_PACKAGE_CYCLES, CycleA.class, CycleB.class);
    }

    @Test
    void codecSocketRule_catchesSocketsChannelsAndJnaInCodecs() {
        assertCaught(HexagonRules.CODECS_USE_NO_SOCKETS, StunCodecUsingASocket.class);
        assertCaught(HexagonRules.CODECS_USE_NO_SOCKETS, UapiCodecUsingAChannel.class);
        assertCaught(HexagonRules.CODECS_USE_NO_SOCKETS, GenlUsingJna.class);
        assertCaught(HexagonRules.CODECS_USE_NO_SOCKETS, PortMapCodecUsingASocket.class);
        assertCaught(HexagonRules.CODECS_USE_NO_SOCKETS, RouteUsingJna.class);
    }

    @Test
    void codecThreadRule_catchesThreadsAndExecutorsInCodecs() {
        assertCaught(HexagonRules.CODECS_USE_NO_THREADS, SseParserUsingAnExecutor.class);
        assertCaught(HexagonRules.CODECS_USE_NO_THREADS, FamilySleeping.class);
    }

    @Test
    void codecClockRule_catchesClocksAndNowCallsInCodecs() {
        assertCaught(HexagonRules.CODECS_READ_NO_CLOCK, StunCodecReadingTheClock.class);
        assertCaught(HexagonRules.CODECS_READ_NO_CLOCK, SseParserTiming.class);
        assertCaught(HexagonRules.CODECS_READ_NO_CLOCK, UapiCodecWithAClock.class);
    }

    @Test
    void codecRules_keepAddressesAndTimesAsValues() {
        assertKept(HexagonRules.CODECS_USE_NO_SOCKETS, StunCodecUsingValues.class);
        assertKept(HexagonRules.CODECS_USE_NO_THREADS, StunCodecUsingValues.class);
        assertKept(HexagonRules.CODECS_READ_NO_CLOCK, StunCodecUsingValues.class);
    }

    @Test
    void backendsRule_catchesUapiAndNetlinkUsingEachOther() {
        assertCaught(
                HexagonRules.WIREGUARD_BACKENDS_NEVER_DEPEND_ON_EACH_OTHER, UapiUsingNetlink.class, NetlinkValue.class);
        assertCaught(
                HexagonRules.WIREGUARD_BACKENDS_NEVER_DEPEND_ON_EACH_OTHER, NetlinkUsingUapi.class, UapiValue.class);
    }

    @Test
    void backendsRule_keepsABackendUsingTheSeam() {
        assertKept(
                HexagonRules.WIREGUARD_BACKENDS_NEVER_DEPEND_ON_EACH_OTHER, NetlinkUsingTheSeam.class, SeamValue.class);
    }

    @Test
    void seamRule_catchesTheSeamKnowingABackend() {
        assertCaught(HexagonRules.WIREGUARD_DEVICE_SEAM_KNOWS_NO_BACKEND, SeamUsingUapi.class);
    }

    @Test
    void genericNetlinkRule_catchesItKnowingTheFamily() {
        assertCaught(HexagonRules.GENERIC_NETLINK_KNOWS_NO_FAMILY, GenlUsingTheWireGuardFamily.class);
    }

    @Test
    void routeNetlinkRule_catchesItKnowingTheFamily_andKeepsItOnTheFraming() {
        assertCaught(HexagonRules.ROUTE_NETLINK_KNOWS_NO_FAMILY, RouteUsingTheWireGuardFamily.class);
        assertKept(HexagonRules.ROUTE_NETLINK_KNOWS_NO_FAMILY, RouteOnTheFraming.class);
    }
}
