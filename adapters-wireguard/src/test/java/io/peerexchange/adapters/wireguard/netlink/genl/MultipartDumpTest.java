package io.peerexchange.adapters.wireguard.netlink.genl;

import static io.peerexchange.adapters.wireguard.netlink.genl.Nl.attr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerexchange.ports.PeerUpdateException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultipartDumpTest {
    private static final int FAMILY = 0x1b;

    private final List<Integer> parts = new ArrayList<>();

    private MultipartDump dump() {
        return new MultipartDump(
                FAMILY,
                9,
                "a test dump",
                errno -> "refused with " + errno,
                attrs -> parts.add(Attribute.next(attrs).value().getInt(0)));
    }

    @Test
    void givenPartsAcrossDatagrams_accept_handsEachPartOverUntilDone() throws Exception {
        MultipartDump dump = dump();
        byte[] d1 = Nl.cat(
                Nl.genl(FAMILY, 2, 9, 0, attr(1, Nl.u32(1))),
                Nl.message(Netlink.NLMSG_NOOP, 0, 9, new byte[0]),
                Nl.genl(FAMILY, 2, 8, 0, attr(1, Nl.u32(99))),
                Nl.genl(FAMILY, 2, 9, 0, attr(1, Nl.u32(2))));
        byte[] d2 = Nl.cat(Nl.genl(FAMILY, 2, 9, 0, attr(1, Nl.u32(3))), Nl.done(9));

        assertThat(dump.accept(d1, d1.length)).isFalse();
        assertThat(dump.done()).isFalse();
        assertThat(dump.accept(d2, d2.length)).isTrue();

        assertThat(parts).containsExactly(1, 2, 3);
        assertThat(dump.done()).isTrue();
        assertThat(dump.interrupted()).isFalse();
    }

    @Test
    void givenDumpIntrOnAnyPart_accept_reportsInterrupted() throws Exception {
        MultipartDump dump = dump();
        byte[] d = Nl.cat(
                Nl.genl(FAMILY, 2, 9, 0, attr(1, Nl.u32(1))),
                Nl.genl(FAMILY, 2 | Netlink.NLM_F_DUMP_INTR, 9, 0, attr(1, Nl.u32(2))),
                Nl.done(9));

        assertThat(dump.accept(d, d.length)).isTrue();
        assertThat(dump.interrupted()).isTrue();
    }

    @Test
    void givenAnythingAfterDone_accept_ignoresIt() throws Exception {
        MultipartDump dump = dump();
        byte[] d = Nl.cat(Nl.done(9), Nl.genl(FAMILY, 2, 9, 0, attr(1, Nl.u32(1))), Nl.error(9, -1));

        assertThat(dump.accept(d, d.length)).isTrue();
        assertThat(parts).isEmpty();
    }

    @Test
    void givenErrorOrFailedDone_accept_throwsTheErrnoWordedByTheFamily() {
        byte[] error = Nl.error(9, -19);
        byte[] failedDone = Nl.message(Netlink.NLMSG_DONE, 2, 9, Nl.u32(-22));

        assertThatThrownBy(() -> dump().accept(error, error.length))
                .isInstanceOf(NetlinkError.class)
                .hasMessage("refused with 19");
        assertThatThrownBy(() -> dump().accept(failedDone, failedDone.length))
                .isInstanceOf(NetlinkError.class)
                .hasMessage("refused with 22");
    }

    @Test
    void givenAForeignMessageType_accept_failsAsMalformed() {
        byte[] d = Nl.genl(0x42, 2, 9, 0, attr(1, Nl.u32(1)));

        assertThatThrownBy(() -> dump().accept(d, d.length))
                .isInstanceOf(PeerUpdateException.class)
                .hasMessage("malformed netlink answer: unexpected message type 66 in a test dump");
    }
}
