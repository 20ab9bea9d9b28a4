package io.peerexchange.adapters.portmap.codec;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** NAT-PMP requests and responses (RFC 6886 §3.2, §3.3) for UDP; docs/PROTOCOL.md#port-mapping. */
public final class NatPmpCodec {
    public static final int VERSION = 0;
    public static final int OPCODE_EXTERNAL_ADDRESS = 0;
    public static final int OPCODE_MAP_UDP = 1;
    public static final int EXTERNAL_ADDRESS_RESPONSE_LENGTH = 12;
    public static final int MAP_RESPONSE_LENGTH = 16;
    /** Longer than any NAT-PMP answer: a larger datagram is rejected, not truncated. */
    public static final int MAX_MESSAGE = 16;

    private static final int RESPONSE_BIT = 0x80;

    private NatPmpCodec() {}

    public static byte[] encodeExternalAddressRequest() {
        return new byte[] {VERSION, OPCODE_EXTERNAL_ADDRESS};
    }

    /** A UDP mapping request; lifetime 0 with suggested port 0 deletes the mapping (RFC 6886 §3.4). */
    public static byte[] encodeMap(int internalPort, int suggestedExternalPort, long lifetimeSeconds) {
        return ByteBuffer.allocate(12)
                .put((byte) VERSION)
                .put((byte) OPCODE_MAP_UDP)
                .putShort((short) 0)
                .putShort((short) internalPort)
                .putShort((short) suggestedExternalPort)
                .putInt((int) lifetimeSeconds)
                .array();
    }

    /** @throws PortMapDecodeException when it is no external-address response */
    public static NatPmpExternalAddress decodeExternalAddress(byte[] datagram, int length)
            throws PortMapDecodeException {
        ByteBuffer in = header(datagram, length, OPCODE_EXTERNAL_ADDRESS, EXTERNAL_ADDRESS_RESPONSE_LENGTH);
        int result = in.getShort() & 0xffff;
        long epoch = in.getInt() & 0xffffffffL;
        if (length < EXTERNAL_ADDRESS_RESPONSE_LENGTH) {
            return new NatPmpExternalAddress(result, epoch, null);
        }
        byte[] address = new byte[4];
        in.get(address);
        try {
            return new NatPmpExternalAddress(result, epoch, InetAddress.getByAddress(address));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @throws PortMapDecodeException when it is no UDP mapping response */
    public static NatPmpMapResponse decodeMap(byte[] datagram, int length) throws PortMapDecodeException {
        ByteBuffer in = header(datagram, length, OPCODE_MAP_UDP, MAP_RESPONSE_LENGTH);
        int result = in.getShort() & 0xffff;
        long epoch = in.getInt() & 0xffffffffL;
        if (length < MAP_RESPONSE_LENGTH) {
            return new NatPmpMapResponse(result, epoch, 0, 0, 0);
        }
        int internalPort = in.getShort() & 0xffff;
        int externalPort = in.getShort() & 0xffff;
        long lifetime = in.getInt() & 0xffffffffL;
        if (result == 0 && internalPort == 0) {
            throw new PortMapDecodeException("NAT-PMP success answer for internal port 0");
        }
        return new NatPmpMapResponse(result, epoch, internalPort, externalPort, lifetime);
    }

    private static ByteBuffer header(byte[] datagram, int length, int opcode, int fullLength)
            throws PortMapDecodeException {
        if (length > datagram.length || length < 8) {
            throw new PortMapDecodeException("NAT-PMP answer of " + length + " bytes is too short");
        }
        if (length > MAX_MESSAGE) {
            throw new PortMapDecodeException("NAT-PMP answer of " + length + " bytes is too long");
        }
        int version = datagram[0] & 0xff;
        if (version != VERSION) {
            throw new PortMapDecodeException("not a NAT-PMP answer: version " + version);
        }
        int got = datagram[1] & 0xff;
        if (got != (RESPONSE_BIT | opcode)) {
            throw new PortMapDecodeException(
                    "NAT-PMP answer has opcode " + got + ", expected " + (RESPONSE_BIT | opcode));
        }
        int result = ((datagram[2] & 0xff) << 8) | (datagram[3] & 0xff);
        if (result == 0 && length < fullLength) {
            throw new PortMapDecodeException("NAT-PMP success answer of " + length + " bytes, expected " + fullLength);
        }
        return ByteBuffer.wrap(Arrays.copyOf(datagram, Math.max(length, fullLength)), 2, length - 2);
    }

    /** RFC 6886 §3.5's meanings of the result codes. */
    public static String resultName(int code) {
        return switch (code) {
            case 0 -> "success";
            case 1 -> "unsupported version";
            case 2 -> "not authorized or refused";
            case 3 -> "network failure";
            case 4 -> "out of resources";
            case 5 -> "unsupported opcode";
            default -> "result " + code;
        };
    }
}
