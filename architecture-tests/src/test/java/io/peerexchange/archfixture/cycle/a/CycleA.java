package io.peerexchange.archfixture.cycle.a;

/** Half of a deliberate package cycle. */
public class CycleA {
    io.peerexchange.archfixture.cycle.b.CycleB other;
}
