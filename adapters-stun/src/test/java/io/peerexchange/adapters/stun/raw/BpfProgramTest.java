package io.peerexchange.adapters.stun.raw;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Runs the filter programs in a small classic-BPF interpreter over hand-built packets. */
class BpfProgramTest {
    private static final int PORT = 51820;

    @Test
    void givenIpv4StunToThePort_filter_acceptsIt() {
        assertThat(run(BpfProgram.forIpv4(PORT), ipv4(5, PORT, 0x2112A442))).isPositive();
    }

    @Test
    void givenIpv4HeaderWithOptions_filter_readsTheHeaderLengthFromIhl() {
        assertThat(run(BpfProgram.forIpv4(PORT), ipv4(6, PORT, 0x2112A442))).isPositive();
        assertThat(run(BpfProgram.forIpv4(PORT), ipv4(15, PORT, 0x2112A442))).isPositive();
    }

    @Test
    void givenIpv4OtherPortOrNoCookie_filter_dropsIt() {
        assertThat(run(BpfProgram.forIpv4(PORT), ipv4(5, PORT + 1, 0x2112A442))).isZero();
        assertThat(run(BpfProgram.forIpv4(PORT), ipv4(5, PORT, 0x01020304))).isZero();
        // A WireGuard handshake initiation to the port: type 1, no cookie.
        assertThat(run(BpfProgram.forIpv4(PORT), ipv4(6, PORT, 0x00000000))).isZero();
    }

    @Test
    void givenIpv6_filter_looksAtTheUdpHeaderDirectly() {
        assertThat(run(BpfProgram.forIpv6(PORT), udp(PORT, 0x2112A442))).isPositive();
        assertThat(run(BpfProgram.forIpv6(PORT), udp(PORT + 1, 0x2112A442))).isZero();
        assertThat(run(BpfProgram.forIpv6(PORT), udp(PORT, 0x2112A443))).isZero();
    }

    @Test
    void givenPacketTooShortForTheLoads_filter_dropsIt() {
        assertThat(run(BpfProgram.forIpv4(PORT), new byte[] {0x45, 0, 0})).isZero();
        assertThat(run(BpfProgram.forIpv6(PORT), new byte[4])).isZero();
    }

    private static byte[] ipv4(int ihl, int destinationPort, int cookie) {
        byte[] udp = udp(destinationPort, cookie);
        byte[] packet = new byte[ihl * 4 + udp.length];
        packet[0] = (byte) (0x40 | ihl);
        packet[9] = 17;
        System.arraycopy(udp, 0, packet, ihl * 4, udp.length);
        return packet;
    }

    private static byte[] udp(int destinationPort, int cookie) {
        byte[] udp = new byte[8 + 20];
        udp[0] = 0x0d;
        udp[1] = (byte) 0x96;
        udp[2] = (byte) (destinationPort >>> 8);
        udp[3] = (byte) destinationPort;
        udp[8] = 0x01;
        udp[9] = 0x01;
        for (int i = 0; i < 4; i++) {
            udp[12 + i] = (byte) (cookie >>> (24 - 8 * i));
        }
        return udp;
    }

    /** Interprets the instructions the programs use; an out-of-bounds load drops the packet, as the kernel does. */
    private static int run(BpfProgram.Instruction[] program, byte[] packet) {
        int a = 0;
        int x = 0;
        int pc = 0;
        while (pc < program.length) {
            BpfProgram.Instruction in = program[pc];
            switch (in.code()) {
                case BpfProgram.LDX_B_MSH -> {
                    if (in.k() >= packet.length) {
                        return 0;
                    }
                    x = 4 * (packet[in.k()] & 0x0f);
                }
                case BpfProgram.LD_H_ABS, BpfProgram.LD_H_IND -> {
                    int at = in.k() + (in.code() == BpfProgram.LD_H_IND ? x : 0);
                    if (at + 2 > packet.length) {
                        return 0;
                    }
                    a = ((packet[at] & 0xff) << 8) | (packet[at + 1] & 0xff);
                }
                case BpfProgram.LD_W_ABS, BpfProgram.LD_W_IND -> {
                    int at = in.k() + (in.code() == BpfProgram.LD_W_IND ? x : 0);
                    if (at + 4 > packet.length) {
                        return 0;
                    }
                    a = ((packet[at] & 0xff) << 24)
                            | ((packet[at + 1] & 0xff) << 16)
                            | ((packet[at + 2] & 0xff) << 8)
                            | (packet[at + 3] & 0xff);
                }
                case BpfProgram.JEQ_K -> {
                    pc += a == in.k() ? in.jt() : in.jf();
                }
                case BpfProgram.RET_K -> {
                    return in.k();
                }
                default -> throw new IllegalStateException("unexpected opcode " + in.code());
            }
            pc++;
        }
        throw new IllegalStateException("program fell off its end");
    }
}
