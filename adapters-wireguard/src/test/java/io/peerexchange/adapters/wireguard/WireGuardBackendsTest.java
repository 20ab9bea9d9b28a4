package io.peerexchange.adapters.wireguard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerexchange.adapters.wireguard.device.DeviceState;
import io.peerexchange.adapters.wireguard.device.WireGuardDevice;
import io.peerexchange.adapters.wireguard.netlink.NetlinkWireGuard;
import io.peerexchange.adapters.wireguard.uapi.UapiWireGuard;
import io.peerexchange.ports.EndpointUpdate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WireGuardBackendsTest {
    @TempDir
    Path dir;

    /** A backend as a new package would add it: a device and one registration. */
    private static final class ExtraDevice implements WireGuardDevice {
        @Override
        public String name() {
            return "extra";
        }

        @Override
        public DeviceState read() {
            return new DeviceState(List.of());
        }

        @Override
        public Optional<String> writeEndpoints(List<EndpointUpdate> writes) {
            return Optional.empty();
        }

        @Override
        public boolean verifyAfterWrite() {
            return false;
        }
    }

    @Test
    void builtIn_listsUapiThenNetlink_andBackendNamesPutAutoFirst() {
        assertThat(WireGuardBackends.BUILT_IN.names()).containsExactly(UapiWireGuard.NAME, NetlinkWireGuard.NAME);
        assertThat(Backend.names()).containsExactly("auto", "uapi", "netlink");
        assertThat(Backend.choices()).isEqualTo("auto, uapi or netlink");
        assertThat(Backend.names())
                .allSatisfy(name -> assertThat(Backend.parse(name).name()).isEqualTo(name));
    }

    @Test
    void builtIn_devicesCarryTheirRegisteredName() throws Exception {
        Files.createFile(dir.resolve("pxwb0.sock"));
        for (String name : WireGuardBackends.BUILT_IN.names()) {
            WireGuardDevice device =
                    WireGuardBackends.BUILT_IN.device(new WireGuardSettings("pxwb0", Backend.parse(name), dir));
            assertThat(device.name()).isEqualTo(name);
        }
    }

    @Test
    void givenAnExtraRegistration_auto_asksItInOrderAndTheNamesFollow() throws Exception {
        WireGuardBackends backends = new WireGuardBackends(List.of(
                new BackendRegistration(
                        "extra",
                        "extra device",
                        "extra socket",
                        s -> s.interfaceName().startsWith("x"),
                        s -> new ExtraDevice()),
                new BackendRegistration(
                        "kernel",
                        "kernel device",
                        "kernel socket",
                        s -> true,
                        s -> new NetlinkWireGuard(s.interfaceName()))));

        assertThat(backends.names()).containsExactly("extra", "kernel");
        assertThat(backends.device(new WireGuardSettings("xwg0", Backend.AUTO, dir))
                        .name())
                .isEqualTo("extra");
        assertThat(backends.device(new WireGuardSettings("wg0", Backend.AUTO, dir))
                        .name())
                .isEqualTo("netlink");
    }

    @Test
    void givenNoDetectionHolds_auto_failsNamingTheBackends() {
        WireGuardBackends backends = new WireGuardBackends(List.of(
                new BackendRegistration("extra", "extra device", "extra socket", s -> false, s -> new ExtraDevice())));

        assertThatThrownBy(() -> backends.device(new WireGuardSettings("wg0", Backend.AUTO, dir)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("none of the WireGuard backends [extra] detects interface wg0");
        assertThatThrownBy(() -> backends.device(new WireGuardSettings("wg0", Backend.UAPI, dir)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("WireGuard backend uapi is not registered");
    }

    @Test
    void givenBadRegistrations_constructors_refuse() {
        assertThatThrownBy(() -> new BackendRegistration(
                        "auto", "auto device", "auto socket", s -> true, s -> new ExtraDevice()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BackendRegistration(
                        "Kernel", "Kernel device", "Kernel socket", s -> true, s -> new ExtraDevice()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WireGuardBackends(List.of())).isInstanceOf(IllegalArgumentException.class);
        BackendRegistration extra =
                new BackendRegistration("extra", "extra device", "extra socket", s -> true, s -> new ExtraDevice());
        assertThatThrownBy(() -> new WireGuardBackends(List.of(extra, extra)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("registered twice");
    }

    @Test
    void backend_equalsByName() {
        assertThat(Backend.parse("NETLINK")).isEqualTo(Backend.NETLINK).hasSameHashCodeAs(Backend.NETLINK);
        assertThat(Backend.parse("uapi")).isNotEqualTo(Backend.NETLINK);
        assertThat(Backend.AUTO).hasToString("auto");
    }

    @Test
    void describe_listsAutoAndEachBackendInOrder() {
        WireGuardBackends backends = new WireGuardBackends(List.of(
                new BackendRegistration("extra", "extra device", "extra socket", s -> false, s -> new ExtraDevice()),
                new BackendRegistration("kernel", "kernel", "kernel", s -> true, s -> new ExtraDevice())));

        assertThat(backends.describe())
                .isEqualTo("`auto` (extra socket if present, else kernel), `extra` (extra device), `kernel` (kernel)");
        assertThat(Backend.describe())
                .isEqualTo("`auto` (UAPI socket if present, else kernel), `uapi` (wireguard-go), `netlink` (kernel)");
    }
}
