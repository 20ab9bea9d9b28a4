package io.peerexchange.adapters.stun.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Feeds random and mutated datagrams to the decoder: every one must either decode or be rejected
 * with a StunDecodeException. The seed is fixed so a failure names a reproducible case.
 */
class StunCodecPropertyTest {
    private static final long SEED = 0x5354554EL;
    private static final int CASES = 120_000;

    @Test
    void givenRandomAndMutatedPackets_decode_onlyEverRejectsCleanly() throws Exception {
        Random random = new Random(SEED);
        List<byte[]> seeds = validResponses(random);
        int decoded = 0;
        int rejected = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] packet = switch (i % 4) {
                case 0 -> randomBytes(random);
                case 1 -> mutate(random, seeds.get(random.nextInt(seeds.size())), false);
                default -> mutate(random, seeds.get(random.nextInt(seeds.size())), true);
            };
            try {
                StunMessage message = StunCodec.decode(packet, 0, packet.length);
                assertThat(message.mappedAddress().isPresent()
                                || message.error().isPresent())
                        .isTrue();
                decoded++;
            } catch (StunDecodeException e) {
                assertThat(e.getMessage()).isNotBlank();
                rejected++;
            } catch (RuntimeException | Error e) {
                fail(
                        "case " + i + " (seed " + SEED + ") threw " + e + " for "
                                + HexFormat.of().formatHex(packet),
                        e);
            }
        }
        assertThat(decoded + rejected).isEqualTo(CASES);
        // The mutations must reach past the header checks often enough to exercise the attribute walk.
        assertThat(decoded).isGreaterThan(CASES / 50);
        assertThat(rejected).isGreaterThan(CASES / 2);
    }

    private static List<byte[]> validResponses(Random random) throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(Rfc5769Vectors.get(Rfc5769Vectors.IPV4_RESPONSE));
        seeds.add(Rfc5769Vectors.get(Rfc5769Vectors.IPV6_RESPONSE));
        seeds.add(HexFormat.of()
                .parseHex("0101003c2112a4429f173cd003f102eb643ff7f3002000080001e9985e12a443000100080001"
                        + "c88a7f000001802b0008000187dc7f00000180220014436f7475726e2d342e362e312027476f72737427"));
        for (int i = 0; i < 8; i++) {
            byte[] address = new byte[i % 2 == 0 ? 4 : 16];
            random.nextBytes(address);
            address[0] = (byte) ((address[0] & 0x7f) | 0x01);
            TransactionId id = TransactionId.random();
            seeds.add(StunCodec.encode(new StunMessage(
                    StunMessageType.BINDING_SUCCESS,
                    id,
                    Optional.of(new InetSocketAddress(InetAddress.getByAddress(address), 1 + random.nextInt(65535))),
                    Optional.empty(),
                    Optional.of("soft" + i),
                    i % 3 != 0)));
            seeds.add(StunCodec.encode(
                    StunMessage.bindingError(id, new StunErrorCode(300 + random.nextInt(400), "reason " + i))));
        }
        return seeds;
    }

    private static byte[] randomBytes(Random random) {
        byte[] packet = new byte[random.nextInt(120)];
        random.nextBytes(packet);
        if (packet.length >= 8 && random.nextBoolean()) {
            // A valid-looking header half the time, so random attribute sections get walked too.
            packet[0] = 0x01;
            packet[1] = random.nextBoolean() ? (byte) 0x01 : (byte) 0x11;
            int length = packet.length - 20;
            packet[2] = (byte) (length >>> 8);
            packet[3] = (byte) length;
            packet[4] = 0x21;
            packet[5] = 0x12;
            packet[6] = (byte) 0xa4;
            packet[7] = 0x42;
        }
        return packet;
    }

    /** Damages a valid response; with {@code repair}, fixes the length field and fingerprint afterwards. */
    private static byte[] mutate(Random random, byte[] valid, boolean repair) {
        byte[] packet = valid.clone();
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations && packet.length > 0; m++) {
            switch (random.nextInt(7)) {
                case 0 -> packet[random.nextInt(packet.length)] ^= (byte) (1 << random.nextInt(8));
                case 1 -> packet[random.nextInt(packet.length)] = (byte) random.nextInt(256);
                case 2 -> packet = Arrays.copyOf(packet, random.nextInt(packet.length + 1));
                case 3 -> packet = Arrays.copyOf(packet, packet.length + random.nextInt(12));
                case 4 -> {
                    // An attribute length (at a 4-byte boundary after the header) set to something random.
                    int at = 20 + 4 * random.nextInt(Math.max(1, (packet.length - 20) / 4)) + 2;
                    if (at + 1 < packet.length) {
                        packet[at] = (byte) random.nextInt(3);
                        packet[at + 1] = (byte) random.nextInt(256);
                    }
                }
                case 5 -> {
                    int at = 20 + 4 * random.nextInt(Math.max(1, (packet.length - 20) / 4));
                    if (at + 1 < packet.length) {
                        packet[at] = (byte) (random.nextBoolean() ? 0x00 : 0x80);
                        packet[at + 1] = (byte) random.nextInt(64);
                    }
                }
                default -> {
                    if (packet.length > 0) {
                        int from = random.nextInt(packet.length);
                        int to = random.nextInt(packet.length);
                        int len = random.nextInt(packet.length - Math.max(from, to) + 1);
                        System.arraycopy(packet, from, packet, to, len);
                    }
                }
            }
        }
        if (repair && packet.length >= 20) {
            packet = Arrays.copyOf(packet, 20 + ((packet.length - 20) & ~3));
            int length = packet.length - 20;
            packet[2] = (byte) (length >>> 8);
            packet[3] = (byte) length;
            if (packet.length >= 28
                    && (packet[packet.length - 8] & 0xff) == 0x80
                    && (packet[packet.length - 7] & 0xff) == 0x28) {
                int fp = StunCodec.fingerprint(packet, 0, packet.length - 8);
                for (int i = 0; i < 4; i++) {
                    packet[packet.length - 4 + i] = (byte) (fp >>> (24 - 8 * i));
                }
            }
        }
        return packet;
    }
}
