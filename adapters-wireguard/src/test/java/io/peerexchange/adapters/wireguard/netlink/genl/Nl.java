package io.peerexchange.adapters.wireguard.netlink.genl;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds netlink bytes the way the kernel lays them out, to feed the decoders in tests. */
public final class Nl {
    private Nl() {}

    /** Skips a test whose expected bytes are written for a little-endian host. */
    public static void assumeLittleEndianHost() {
        assumeThat(ByteOrder.nativeOrder())
                .as("expected bytes are written for a little-endian host")
                .isEqualTo(ByteOrder.LITTLE_ENDIAN);
    }

    public static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    public static byte[] attr(int type, byte[] value) {
        int len = 4 + value.length;
        ByteBuffer b = ByteBuffer.allocate((len + 3) & ~3).order(ByteOrder.nativeOrder());
        b.putShort((short) len).putShort((short) type).put(value);
        return b.array();
    }

    public static byte[] nested(int type, byte[]... children) {
        return attr(type | 0x8000, cat(children));
    }

    public static byte[] u16(int v) {
        return ByteBuffer.allocate(2)
                .order(ByteOrder.nativeOrder())
                .putShort((short) v)
                .array();
    }

    public static byte[] u32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array();
    }

    public static byte[] u64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(v).array();
    }

    public static byte[] timespec(long sec, long nsec) {
        return cat(u64(sec), u64(nsec));
    }

    public static byte[] genl(int type, int flags, int seq, int cmd, byte[]... attrs) {
        byte[] body = cat(new byte[] {(byte) cmd, 1, 0, 0}, cat(attrs));
        return message(type, flags, seq, body);
    }

    public static byte[] message(int type, int flags, int seq, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(16 + ((body.length + 3) & ~3)).order(ByteOrder.nativeOrder());
        b.putInt(16 + body.length)
                .putShort((short) type)
                .putShort((short) flags)
                .putInt(seq)
                .putInt(4242)
                .put(body);
        return b.array();
    }

    public static byte[] error(int seq, int errno) {
        return message(2, 0, seq, cat(u32(errno), new byte[16]));
    }

    public static byte[] done(int seq) {
        return message(3, 2, seq, u32(0));
    }

    public static byte[] key(int n) {
        byte[] k = new byte[32];
        k[0] = 0x5a;
        k[31] = (byte) n;
        return k;
    }
}
