package io.peerexchange.adapters.stun.raw;

/**
 * The classic BPF filter that lets only STUN answers to one UDP port through a raw socket:
 * destination port equal to the port, and the STUN magic cookie at UDP payload offset 4.
 * An IPv4 raw socket sees the IP header, whose length is read from IHL (options make it longer
 * than 20 bytes); an IPv6 raw socket sees the UDP header first.
 */
public final class BpfProgram {
    static final int LD_W_ABS = 0x20;
    static final int LD_H_ABS = 0x28;
    static final int LD_W_IND = 0x40;
    static final int LD_H_IND = 0x48;
    static final int LDX_B_MSH = 0xb1;
    static final int JEQ_K = 0x15;
    static final int RET_K = 0x06;
    private static final int ACCEPT = 0x40000;
    private static final int MAGIC_COOKIE = 0x2112A442;

    /** One instruction: code, jump-if-true, jump-if-false, constant (struct sock_filter). */
    public record Instruction(int code, int jt, int jf, int k) {}

    private BpfProgram() {}

    public static Instruction[] forIpv4(int port) {
        checkPort(port);
        return new Instruction[] {
            new Instruction(LDX_B_MSH, 0, 0, 0), // x = 4 * (ip[0] & 0xf)
            new Instruction(LD_H_IND, 0, 0, 2), // a = udp destination port
            new Instruction(JEQ_K, 0, 3, port),
            new Instruction(LD_W_IND, 0, 0, 12), // a = first payload word after the STUN type+length
            new Instruction(JEQ_K, 0, 1, MAGIC_COOKIE),
            new Instruction(RET_K, 0, 0, ACCEPT),
            new Instruction(RET_K, 0, 0, 0),
        };
    }

    public static Instruction[] forIpv6(int port) {
        checkPort(port);
        return new Instruction[] {
            new Instruction(LD_H_ABS, 0, 0, 2),
            new Instruction(JEQ_K, 0, 3, port),
            new Instruction(LD_W_ABS, 0, 0, 12),
            new Instruction(JEQ_K, 0, 1, MAGIC_COOKIE),
            new Instruction(RET_K, 0, 0, ACCEPT),
            new Instruction(RET_K, 0, 0, 0),
        };
    }

    private static void checkPort(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("invalid UDP port " + port);
        }
    }
}
