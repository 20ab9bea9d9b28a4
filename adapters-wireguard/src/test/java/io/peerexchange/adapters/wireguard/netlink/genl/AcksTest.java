package io.peerexchange.adapters.wireguard.netlink.genl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerexchange.ports.PeerUpdateException;
import org.junit.jupiter.api.Test;

class AcksTest {

    @Test
    void givenAcks_parse_returnsErrnoForItsSeqOnly() throws Exception {
        byte[] ok = Nl.error(5, 0);
        byte[] denied = Nl.error(6, -1);

        assertThat(Acks.parse(ok, ok.length, 5)).isZero();
        assertThat(Acks.parse(denied, denied.length, 6)).isEqualTo(1);
        assertThat(Acks.parse(ok, ok.length, 6)).isEqualTo(-1);
    }

    @Test
    void givenAnAckWithAPositiveOrHugeErrorCode_parse_failsAsMalformed() {
        // Regression (found by fuzzing the kernel's answers, now WireGuardFamilyFuzzTest): a positive
        // error field came back negated as -N, which the caller reads as "no ack for this request" and
        // keeps waiting.
        byte[] positive = Nl.error(7, 2424576);
        byte[] huge = Nl.error(7, Integer.MIN_VALUE);

        assertThatThrownBy(() -> Acks.parse(positive, positive.length, 7))
                .isInstanceOf(PeerUpdateException.class)
                .hasMessageContaining("is not 0 or a negative errno");
        assertThatThrownBy(() -> Acks.parse(huge, huge.length, 7))
                .isInstanceOf(PeerUpdateException.class)
                .hasMessageContaining("is not 0 or a negative errno");
    }

    @Test
    void givenAnErrorReplyWithExtendedAckAttributes_parse_readsOnlyTheCode() throws Exception {
        byte[] withTlvs = Nl.message(
                Netlink.NLMSG_ERROR, 0x200, 8, Nl.cat(Nl.u32(-22), new byte[16], Nl.attr(1, "bad\0".getBytes())));

        assertThat(Acks.parse(withTlvs, withTlvs.length, 8)).isEqualTo(22);
    }
}
