package io.peerexchange.bootstrap.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerexchange.bootstrap.status.AgentActivity;
import io.peerexchange.ports.AddressFamily;
import io.peerexchange.ports.BindingMethod;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.MappedAddress;
import io.peerexchange.ports.StunClient;
import io.peerexchange.ports.StunServer;
import io.peerexchange.ports.telemetry.AgentMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the status and the metrics see of discovery's bindings. */
class RecordingStunClientTest {
    /** A name with an address of each family, each answering with that family's mapping. */
    private final StunClient stun = new StunClient() {
        @Override
        public MappedAddress bind(StunServer server, int localPort, Duration timeout) {
            return mapped(server, "198.51.100.10:40000", "203.0.113.1:3478", localPort);
        }

        @Override
        public MappedAddress bind(StunServer server, AddressFamily family, int localPort, Duration timeout) {
            return family == AddressFamily.IPV6
                    ? mapped(server, "[2001:db8:ff::10]:40000", "[2001:db8:ff::1]:3478", localPort)
                    : bind(server, localPort, timeout);
        }
    };

    private final AgentActivity activity = new AgentActivity(Clock.systemUTC());
    private final List<String> counted = new ArrayList<>();
    private final AgentMetrics metrics = new AgentMetrics() {
        @Override
        public void stunBinding(String server, boolean ok) {
            counted.add(server + " " + ok);
        }
    };
    private final RecordingStunClient client = new RecordingStunClient(stun, activity, metrics);

    private static MappedAddress mapped(StunServer server, String endpoint, String serverAddress, int localPort) {
        return new MappedAddress(
                Endpoint.parse(endpoint), server, Endpoint.parse(serverAddress), BindingMethod.BOUND, localPort);
    }

    @Test
    void givenThePrimaryAndTheOtherFamilysBinding_onlyThePrimaryIsTheLastDiscoveryAndCounted() throws Exception {
        StunServer server = StunServer.parse("stun.dual.test:3478");

        client.bind(server, 51820, Duration.ofSeconds(1));
        MappedAddress v6 = client.bind(server, AddressFamily.IPV6, 51820, Duration.ofSeconds(1));

        assertThat(v6.endpoint()).hasToString("[2001:db8:ff::10]:40000");
        assertThat(activity.lastBinding().orElseThrow().mapped().orElseThrow()).hasToString("198.51.100.10:40000");
        assertThat(counted).containsExactly("stun.dual.test:3478 true");
    }
}
