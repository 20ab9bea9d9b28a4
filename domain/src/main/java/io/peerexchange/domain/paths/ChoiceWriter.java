package io.peerexchange.domain.paths;

/** Where a nominated pair goes: WireGuard, through the endpoint applier's rules. */
@FunctionalInterface
public interface ChoiceWriter {
    void write(PathChoice choice);
}
