package io.peerexchange.architecture;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import io.peerexchange.adapters.controlplane.archfixture.ControlPlaneUsingJna;
import io.peerexchange.adapters.stun.archfixture.StunUsingDomain;
import io.peerexchange.adapters.stun.archfixture.StunUsingHttpClient;
import io.peerexchange.adapters.stun.archfixture.StunValue;
import io.peerexchange.adapters.wireguard.archfixture.WireGuardUsingJackson;
import io.peerexchange.adapters.wireguard.archfixture.WireGuardUsingStunAdapter;
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
        assertCaught(HexagonRules.JNA_ONLY_IN_STUN_AND_WIREGUARD_ADAPTERS, ControlPlaneUsingJna.class);
    }

    @Test
    void cycleRule_catchesTwoPackagesUsingEachOther() {
        assertCaught(HexagonRules.NO_PACKAGE_CYCLES, CycleA.class, CycleB.class);
    }
}
