package io.peerexchange.adapters.portmap.codec;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** PCP MAP requests and responses (RFC 6887 §7, §11) for UDP; docs/PROTOCOL.md#port-mapping. */
public final class PcpCodec {
    public static final int VERSION = 2;
    public static final int OPCODE_MAP = 1;
    public static final int PROTOCOL_UDP = 17;
    public static final int NONCE_LENGTH = 12;
    /** Common header (24) plus the MAP opcode body (36). */
    public static final int MAP_LENGTH = 60;
    /** RFC 6887 §7: no PCP message is longer. */
    public static final int MAX_MESSAGE = 1100;

    private static final int RESPONSE_BIT = 0x80;

    private PcpCodec() {}

    /** A MAP request for UDP {@code internalPort}; {@code lifetimeSeconds} 0 deletes the mapping. */
    public static byte[] encodeMap(
            InetAddress client, byte[] nonce, int internalPort, int suggestedExternalPort, long lifetimeSeconds) {
        if (nonce.length != NONCE_LENGTH) {
            throw new IllegalArgumentException("a PCP nonce is 12 bytes");
        }
        ByteBuffer out = ByteBuffer.allocate(MAP_LENGTH);
        out.put((byte) VERSION).put((byte) OPCODE_MAP).putShort((short) 0).putInt((int) lifetimeSeconds);
        out.put(ipv6Form(client));
        out.put(nonce).put((byte) PROTOCOL_UDP).put(new byte[3]);
        out.putShort((short) internalPort).putShort((short) suggestedExternalPort);
        // Any external address of the client's family: ::ffff:0.0.0.0 for IPv4, :: for IPv6.
        byte[] any = new byte[16];
        if (client instanceof Inet4Address) {
            any[10] = (byte) 0xff;
            any[11] = (byte) 0xff;
        }
        out.put(any);
        return out.array();
    }

    /**
     * Decodes a MAP response; a non-success result code decodes too (the caller reports it).
     *
     * @throws PortMapDecodeException when it is no PCP MAP response
     */
    public static PcpResponse decodeMap(byte[] datagram, int length) throws PortMapDecodeException {
        if (length < 2 || length > datagram.length) {
            throw new PortMapDecodeException("PCP answer of " + length + " bytes is too short");
        }
        int version = datagram[0] & 0xff;
        if (version != VERSION) {
            // A NAT-PMP-only gateway answers a PCP request with its own version 0 (RFC 6887 §9).
            throw new PortMapDecodeException("not a PCP answer: version " + version);
        }
        if (length > MAX_MESSAGE || length % 4 != 0) {
            throw new PortMapDecodeException(
                    "PCP answer of " + length + " bytes: not a multiple of 4 up to " + MAX_MESSAGE);
        }
        int opcode = datagram[1] & 0xff;
        if (opcode != (RESPONSE_BIT | OPCODE_MAP)) {
            throw new PortMapDecodeException("PCP answer is not a MAP response (opcode " + opcode + ")");
        }
        if (length < 24) {
            throw new PortMapDecodeException("PCP answer of " + length + " bytes has no full header");
        }
        ByteBuffer in = ByteBuffer.wrap(datagram, 0, length);
        in.position(3);
        int result = in.get() & 0xff;
        long lifetime = in.getInt() & 0xffffffffL;
        long epoch = in.getInt() & 0xffffffffL;
        if (length < MAP_LENGTH) {
            if (result == 0) {
                throw new PortMapDecodeException("PCP success answer of " + length + " bytes has no MAP body");
            }
            return new PcpResponse(result, lifetime, epoch, new byte[NONCE_LENGTH], 0, 0, null);
        }
        in.position(24);
        byte[] nonce = new byte[NONCE_LENGTH];
        in.get(nonce);
        int protocol = in.get() & 0xff;
        in.position(in.position() + 3);
        int internalPort = in.getShort() & 0xffff;
        int externalPort = in.getShort() & 0xffff;
        byte[] address = new byte[16];
        in.get(address);
        if (result == 0) {
            if (protocol != PROTOCOL_UDP) {
                throw new PortMapDecodeException("PCP answer maps protocol " + protocol + ", not UDP");
            }
            // A delete's answer (lifetime 0) need not name an external port; a mapping's must.
            if (internalPort == 0 || (externalPort == 0 && lifetime != 0)) {
                throw new PortMapDecodeException("PCP success answer with port 0");
            }
        }
        return new PcpResponse(result, lifetime, epoch, nonce, internalPort, externalPort, fromIpv6Form(address));
    }

    /** IPv4 as ::ffff:a.b.c.d, IPv6 as itself (RFC 6887 §5). */
    static byte[] ipv6Form(InetAddress address) {
        byte[] raw = address.getAddress();
        if (raw.length == 16) {
            return raw;
        }
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(raw, 0, mapped, 12, 4);
        return mapped;
    }

    static InetAddress fromIpv6Form(byte[] sixteen) {
        try {
            boolean mapped = sixteen[10] == (byte) 0xff && sixteen[11] == (byte) 0xff;
            for (int i = 0; i < 10 && mapped; i++) {
                mapped = sixteen[i] == 0;
            }
            // InetAddress turns ::ffff:a.b.c.d into an Inet4Address by itself; this names the intent.
            return mapped
                    ? InetAddress.getByAddress(Arrays.copyOfRange(sixteen, 12, 16))
                    : InetAddress.getByAddress(sixteen);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
