package io.peerexchange.testing.netns;

import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A process run inside a lab namespace ({@code ip netns exec … java -cp … UdpProbe}) to prove what
 * a topology does with UDP from one source port, with nothing but the JDK:
 *
 * <ul>
 *   <li>{@code stun PORT SERVER…}: a Binding request from {@code PORT} to each server; prints
 *       {@code SERVER MAPPED} per server ({@code -} when none answered), so two servers show whether
 *       the mapping depends on the destination;
 *   <li>{@code punch PORT TARGET MILLIS}: sends to {@code TARGET} from {@code PORT} every
 *       {@value #PUNCH_INTERVAL_MILLIS} ms and answers whatever arrives; prints {@code received
 *       SOURCE} and exits 0 once a datagram arrived, {@code nothing} and exit 3 after {@code MILLIS}.
 * </ul>
 *
 * Addresses are IP literals with a port, IPv6 in brackets.
 */
public final class UdpProbe {
    /** Exit code of a {@code punch} that received nothing. */
    public static final int NOTHING_RECEIVED = 3;

    static final long PUNCH_INTERVAL_MILLIS = 50;
    /** After the first datagram, the punch goes on this long so that the other side gets one too. */
    static final long LINGER_MILLIS = 400;

    private static final int STUN_ATTEMPTS = 3;
    private static final int STUN_TIMEOUT_MILLIS = 500;

    private UdpProbe() {}

    public static void main(String[] args) throws IOException {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        if (args.length >= 3 && args[0].equals("stun")) {
            try (DatagramSocket socket = bound(args[1])) {
                for (int i = 2; i < args.length; i++) {
                    out.println(args[i] + " " + stun(socket, address(args[i])));
                }
            }
        } else if (args.length == 4 && args[0].equals("punch")) {
            try (DatagramSocket socket = bound(args[1])) {
                String received = punch(socket, address(args[2]), Long.parseLong(args[3]));
                out.println(received.isEmpty() ? "nothing" : "received " + received);
                System.exit(received.isEmpty() ? NOTHING_RECEIVED : 0);
            }
        } else {
            throw new IllegalArgumentException("usage: stun PORT SERVER… | punch PORT TARGET MILLIS");
        }
    }

    private static DatagramSocket bound(String port) throws IOException {
        DatagramSocket socket = new DatagramSocket(null);
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(Integer.parseInt(port)));
        return socket;
    }

    static InetSocketAddress address(String literal) throws IOException {
        int colon = literal.lastIndexOf(':');
        String host = literal.substring(0, colon);
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        return new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(literal.substring(colon + 1)));
    }

    /** {@code ip:port}, IPv6 in brackets and in its short form (RFC 5952), as the agents and {@code ss} write it. */
    static String literal(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + compressed(host) + "]" : host) + ":" + address.getPort();
    }

    /** The longest run of two or more zero groups becomes {@code ::}. */
    static String compressed(String full) {
        String[] groups = full.replaceAll("%.*$", "").split(":");
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < groups.length; ) {
            int j = i;
            while (j < groups.length && groups[j].equals("0")) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        if (bestStart < 0) {
            return String.join(":", groups);
        }
        String head = String.join(":", Arrays.copyOfRange(groups, 0, bestStart));
        String tail = String.join(":", Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
        return head + "::" + tail;
    }

    private static String stun(DatagramSocket socket, InetSocketAddress server) throws IOException {
        byte[] request = bindingRequest();
        socket.setSoTimeout(STUN_TIMEOUT_MILLIS);
        for (int attempt = 0; attempt < STUN_ATTEMPTS; attempt++) {
            socket.send(new DatagramPacket(request, request.length, server));
            long deadline = System.nanoTime() + STUN_TIMEOUT_MILLIS * 1_000_000L;
            while (System.nanoTime() < deadline) {
                DatagramPacket answer = new DatagramPacket(new byte[1500], 1500);
                try {
                    socket.receive(answer);
                } catch (SocketTimeoutException | PortUnreachableException e) {
                    break;
                }
                String mapped = xorMapped(answer.getData(), answer.getLength(), request);
                if (!mapped.isEmpty()) {
                    return mapped;
                }
            }
        }
        return "-";
    }

    private static String punch(DatagramSocket socket, InetSocketAddress target, long millis) throws IOException {
        byte[] hello = "px-punch".getBytes(StandardCharsets.US_ASCII);
        socket.setSoTimeout((int) PUNCH_INTERVAL_MILLIS);
        long end = System.nanoTime() + millis * 1_000_000L;
        String received = "";
        SocketAddress answerTo = target;
        while (System.nanoTime() < end) {
            socket.send(new DatagramPacket(hello, hello.length, answerTo));
            DatagramPacket packet = new DatagramPacket(new byte[1500], 1500);
            try {
                socket.receive(packet);
                if (received.isEmpty()) {
                    received = literal((InetSocketAddress) packet.getSocketAddress());
                    answerTo = packet.getSocketAddress();
                    end = Math.min(end, System.nanoTime() + LINGER_MILLIS * 1_000_000L);
                }
            } catch (SocketTimeoutException | PortUnreachableException e) {
                // Nothing this round (an ICMP error counts as nothing): send again.
            }
        }
        return received;
    }

    /** RFC 5389 Binding request: type 0x0001, length 0, the magic cookie, a random transaction id. */
    private static byte[] bindingRequest() {
        byte[] request = new byte[20];
        request[1] = 0x01;
        request[4] = 0x21;
        request[5] = 0x12;
        request[6] = (byte) 0xA4;
        request[7] = 0x42;
        for (int i = 8; i < 20; i++) {
            request[i] = (byte) ThreadLocalRandom.current().nextInt(256);
        }
        return request;
    }

    /** XOR-MAPPED-ADDRESS of a Binding success answering {@code request}, or "" for anything else. */
    static String xorMapped(byte[] data, int length, byte[] request) throws IOException {
        if (length < 20 || data[0] != 0x01 || data[1] != 0x01) {
            return "";
        }
        for (int i = 4; i < 20; i++) {
            if (data[i] != request[i]) {
                return "";
            }
        }
        int at = 20;
        while (at + 4 <= length) {
            int type = ((data[at] & 0xff) << 8) | (data[at + 1] & 0xff);
            int size = ((data[at + 2] & 0xff) << 8) | (data[at + 3] & 0xff);
            int value = at + 4;
            if (type == 0x0020 && value + 4 <= length) {
                int port = (((data[value + 2] & 0xff) << 8) | (data[value + 3] & 0xff)) ^ 0x2112;
                int family = data[value + 1];
                int addressLength = family == 0x01 ? 4 : 16;
                byte[] address = new byte[addressLength];
                for (int i = 0; i < addressLength; i++) {
                    // XORed with the cookie, then (IPv6) the transaction id: bytes 4..19 of the header.
                    address[i] = (byte) (data[value + 4 + i] ^ request[4 + i]);
                }
                return literal(new InetSocketAddress(InetAddress.getByAddress(address), port));
            }
            at = value + ((size + 3) & ~3);
        }
        return "";
    }
}
