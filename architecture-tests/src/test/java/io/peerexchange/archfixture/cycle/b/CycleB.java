package io.peerexchange.archfixture.cycle.b;

/** The other half of a deliberate package cycle. */
public class CycleB {
    io.peerexchange.archfixture.cycle.a.CycleA other;
}
