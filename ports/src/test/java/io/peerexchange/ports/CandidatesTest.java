package io.peerexchange.ports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CandidatesTest {
    @Test
    void candidateKindsRoundTripTheirWireNames() {
        for (CandidateKind kind : CandidateKind.values()) {
            assertThat(CandidateKind.fromWire(kind.wireName())).isEqualTo(kind);
            assertThat(PathKind.of(kind).wireName()).isEqualTo(kind.wireName());
        }
        assertThatThrownBy(() -> CandidateKind.fromWire("HOST")).hasMessageContaining("unknown candidate kind");
    }

    @Test
    void typePreferencesFollowIceOrder() {
        assertThat(CandidateKind.HOST.typePreference()).isGreaterThan(CandidateKind.PRFLX.typePreference());
        assertThat(CandidateKind.PRFLX.typePreference()).isGreaterThan(CandidateKind.SRFLX.typePreference());
        assertThat(CandidateKind.SRFLX.typePreference()).isGreaterThan(CandidateKind.RELAY.typePreference());
    }

    @Test
    void iceCredentialsCheckLengthAndCharactersAndHideThePassword() {
        IceCredentials credentials = IceCredentials.of("abcd", "0123456789abcdefghijkl");
        assertThat(credentials.toString())
                .doesNotContain("0123456789abcdefghijkl")
                .contains("abcd");
        assertThatThrownBy(() -> IceCredentials.of("abc", "0123456789abcdefghijkl"))
                .hasMessageContaining("ufrag");
        assertThatThrownBy(() -> IceCredentials.of("abcd", "short")).hasMessageContaining("pwd");
        assertThatThrownBy(() -> IceCredentials.of("abcd", "0123456789abcdefghijk!"))
                .hasMessageContaining("pwd")
                .hasMessageNotContaining("0123456789");
        assertThatThrownBy(() -> IceCredentials.of("ab:d", "0123456789abcdefghijkl"))
                .hasMessageContaining("ufrag");
    }

    @Test
    void randomCredentialsAreValidAndFresh() {
        SecureRandom random = new SecureRandom();
        IceCredentials a = IceCredentials.random(random);
        IceCredentials b = IceCredentials.random(random);
        assertThat(IceCredentials.of(a.ufrag(), a.pwd())).isEqualTo(a);
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void connectivityCapsCandidatesAndSaysWhenItIsTheSeedProtocol() {
        assertThat(Connectivity.NONE.isNone()).isTrue();
        Candidate host = Candidate.of(CandidateKind.HOST, "192.168.1.2:51820");
        assertThat(new Connectivity(java.util.List.of(host), Optional.empty()).checkable())
                .isFalse();
        assertThatThrownBy(
                        () -> new Connectivity(Collections.nCopies(Limits.MAX_CANDIDATES + 1, host), Optional.empty()))
                .hasMessageContaining("at most 32");
    }
}
