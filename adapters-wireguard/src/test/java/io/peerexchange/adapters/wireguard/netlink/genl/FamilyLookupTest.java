package io.peerexchange.adapters.wireguard.netlink.genl;

import static io.peerexchange.adapters.wireguard.netlink.genl.Nl.attr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerexchange.ports.PeerUpdateException;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FamilyLookupTest {
    private static final HexFormat HEX = HexFormat.of();

    @BeforeAll
    static void littleEndianHost() {
        Nl.assumeLittleEndianHost();
    }

    @Test
    void givenAName_request_asksTheControllerForIt() {
        assertThat(HEX.formatHex(FamilyLookup.request(3, "nl80211")))
                .isEqualTo("20000000" + "1000" + "0100" + "03000000" + "00000000"
                        + "03010000"
                        + "0c000200" + HEX.formatHex("nl80211".getBytes()) + "00");
    }

    @Test
    void givenControllerAnswerAmongOthers_parseReply_returnsTheIdOfItsSeq() throws Exception {
        byte[] reply = Nl.cat(
                Nl.genl(0x10, 0, 6, 1, attr(1, Nl.u16(0x30))),
                Nl.genl(0x10, 0, 7, 1, attr(2, "nl80211\0".getBytes()), attr(1, Nl.u16(0x22))));

        assertThat(FamilyLookup.parseReply(reply, reply.length, 7, errno -> "unused"))
                .isEqualTo(0x22);
    }

    @Test
    void givenAnError_parseReply_throwsTheErrnoWordedByTheCaller() {
        byte[] reply = Nl.error(7, -2);

        assertThatThrownBy(() -> FamilyLookup.parseReply(reply, reply.length, 7, errno -> "no family, errno " + errno))
                .isInstanceOf(NetlinkError.class)
                .hasMessage("no family, errno 2")
                .extracting(e -> ((NetlinkError) e).errno())
                .isEqualTo(2);
    }

    @Test
    void givenAnAnswerWithoutId_parseReply_failsAsMalformed() {
        byte[] noId = Nl.genl(0x10, 0, 7, 1, attr(2, "nl80211\0".getBytes()));
        byte[] shortId = Nl.genl(0x10, 0, 7, 1, attr(1, new byte[1]));
        byte[] otherSeq = Nl.genl(0x10, 0, 8, 1, attr(1, Nl.u16(0x22)));

        assertThatThrownBy(() -> FamilyLookup.parseReply(noId, noId.length, 7, errno -> ""))
                .isInstanceOf(PeerUpdateException.class)
                .hasMessage("malformed netlink answer: the controller's answer carries no family id");
        assertThatThrownBy(() -> FamilyLookup.parseReply(shortId, shortId.length, 7, errno -> ""))
                .hasMessageContaining("family id attribute shorter than 2 bytes");
        assertThatThrownBy(() -> FamilyLookup.parseReply(otherSeq, otherSeq.length, 7, errno -> ""))
                .hasMessageContaining("no answer to the family lookup");
    }
}
