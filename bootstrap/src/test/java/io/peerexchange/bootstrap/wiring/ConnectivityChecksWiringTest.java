package io.peerexchange.bootstrap.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerexchange.adapters.controlplane.http.BearerToken;
import io.peerexchange.adapters.wireguard.netlink.NetlinkNetworkChanges;
import io.peerexchange.bootstrap.config.AgentConfig;
import io.peerexchange.bootstrap.config.ConfigException;
import io.peerexchange.bootstrap.config.ConfigKey;
import io.peerexchange.bootstrap.config.ConfigResolver;
import io.peerexchange.bootstrap.config.RawValue;
import io.peerexchange.ports.Cidr;
import io.peerexchange.ports.NetworkChange;
import io.peerexchange.ports.NetworkChanges;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.PathKind;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** {@code connectivity_checks} and {@code exclude_candidates}: what they build. */
class ConnectivityChecksWiringTest {

    private static AgentConfig config(Map<ConfigKey, String> extra) throws Exception {
        Map<ConfigKey, RawValue> flags = new EnumMap<>(ConfigKey.class);
        flags.put(ConfigKey.NODE_ID, RawValue.of("n1", ConfigKey.NODE_ID.flag()));
        flags.put(ConfigKey.CONTROL_PLANE_URL, RawValue.of("http://127.0.0.1:1", ConfigKey.CONTROL_PLANE_URL.flag()));
        flags.put(ConfigKey.ALLOW_HTTP, RawValue.of("true", ConfigKey.ALLOW_HTTP.flag()));
        flags.put(ConfigKey.WG_BACKEND, RawValue.of("uapi", ConfigKey.WG_BACKEND.flag()));
        extra.forEach((key, value) -> flags.put(key, RawValue.of(value, key.flag())));
        return new ConfigResolver(Map.of())
                .resolve(Optional.empty(), flags, false)
                .withToken(new BearerToken("tok"));
    }

    @Test
    void byDefault_checksAreConfigured_butReportNoPathBeforeTheyStart() throws Exception {
        ConnectivityChecks checks = AgentComponent.create(config(Map.of())).connectivityChecks();

        assertThat(checks.configured()).isTrue();
        assertThat(checks.paths()).isEmpty();
        assertThat(checks.pathKind(NodeId.of("p-2"))).isEqualTo(PathKind.UNKNOWN);
    }

    @Test
    void givenConnectivityChecksOff_orNatTraversalOff_orPortZero_noChecksAreBuilt() throws Exception {
        assertThat(AgentComponent.create(config(Map.of(ConfigKey.CONNECTIVITY_CHECKS, "false")))
                        .connectivityChecks()
                        .configured())
                .isFalse();
        assertThat(AgentComponent.create(config(Map.of(ConfigKey.NAT_ENABLED, "false")))
                        .connectivityChecks()
                        .configured())
                .isFalse();
        assertThat(AgentComponent.create(config(Map.of(ConfigKey.LISTEN_PORT, "0")))
                        .connectivityChecks()
                        .configured())
                .isFalse();
    }

    @Test
    void givenExcludedPrefixes_theyAreParsed_andABadOneNamesTheFlag() throws Exception {
        AgentConfig config = config(Map.of(ConfigKey.EXCLUDE_CANDIDATES, "10.0.0.0/8,fd00::/8"));

        assertThat(config.find(ConfigKey.EXCLUDE_CANDIDATES, List.class))
                .contains(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("fd00::/8")));
        assertThatThrownBy(() -> config(Map.of(ConfigKey.EXCLUDE_CANDIDATES, "10.0.0.0/33")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--exclude-candidate")
                .hasMessageContaining("prefix length 33");
    }

    @Test
    void givenChecksOff_start_watchesNoNetworkChanges_asToday_andCloseClosesTheWatcher() throws Exception {
        AgentConfig off = config(Map.of(ConfigKey.CONNECTIVITY_CHECKS, "false"));
        AgentComponent component = AgentComponent.create(off);
        List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        NetworkChanges recording = new NetworkChanges() {
            @Override
            public void start(Consumer<NetworkChange> onChange) {
                calls.add("start");
            }

            @Override
            public void close() {
                calls.add("close");
            }
        };
        ConnectivityChecks checks = new ConnectivityChecks(
                Optional.empty(), null, component.discoverer(), recording, off, Optional.empty());

        checks.start();
        checks.close();

        assertThat(calls).containsExactly("close");
    }

    @Test
    void theAgent_watchesNetworkChangesThroughRtnetlink() throws Exception {
        assertThat(WireGuardModule.networkChanges()).isInstanceOf(NetlinkNetworkChanges.class);
    }
}
