package io.peerexchange.adapters.portmap.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URI;

/**
 * Fuzz targets for every decoder of gateway answers: any bytes either decode to a value that keeps
 * the decoder's promises or fail with {@link PortMapDecodeException} and nothing else.
 */
class PortMapCodecFuzzTest {
    private static final URI LOCATION = URI.create("http://192.168.1.1:5000/rootDesc.xml");

    @FuzzTest(maxDuration = "10m")
    void pcp(byte[] datagram) {
        try {
            PcpResponse response = PcpCodec.decodeMap(datagram, datagram.length);
            if (response.success()) {
                assertThat(response.externalPort()).isBetween(1, 65535);
                assertThat(response.externalAddress()).isNotNull();
            }
        } catch (PortMapDecodeException expected) {
            assertThat(expected.getMessage()).isNotBlank().hasSizeLessThan(1024);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void natPmp(byte[] datagram) {
        try {
            NatPmpMapResponse response = NatPmpCodec.decodeMap(datagram, datagram.length);
            if (response.success()) {
                assertThat(response.internalPort()).isBetween(1, 65535);
            }
        } catch (PortMapDecodeException expected) {
            assertThat(expected.getMessage()).isNotBlank().hasSizeLessThan(1024);
        }
        try {
            NatPmpExternalAddress address = NatPmpCodec.decodeExternalAddress(datagram, datagram.length);
            if (address.success()) {
                assertThat(address.address()).isNotNull();
            }
        } catch (PortMapDecodeException expected) {
            assertThat(expected.getMessage()).isNotBlank().hasSizeLessThan(1024);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void upnp(byte[] body) {
        try {
            URI location = Ssdp.location(body, body.length);
            assertThat(location.getScheme()).isEqualToIgnoringCase("http");
        } catch (PortMapDecodeException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
        try {
            IgdService service = IgdDescription.parse(body, LOCATION);
            assertThat(IgdDescription.SERVICE_TYPES).contains(service.serviceType());
        } catch (PortMapDecodeException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
        try {
            Soap.answer(body, "AddPortMapping");
        } catch (PortMapDecodeException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
