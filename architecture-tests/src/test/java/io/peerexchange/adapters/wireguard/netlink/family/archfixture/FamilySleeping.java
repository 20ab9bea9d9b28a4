package io.peerexchange.adapters.wireguard.netlink.family.archfixture;

/** Breaks the rule on purpose: the WireGuard family codec waiting on its own thread. */
public class FamilySleeping {
    void pause() throws InterruptedException {
        Thread.sleep(1);
    }
}
