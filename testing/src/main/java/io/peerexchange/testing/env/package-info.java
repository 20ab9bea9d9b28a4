/**
 * What a real-process test needs from the machine (root, binaries on the PATH), checked in one
 * place: skipped with the reason on a developer's machine, a failure under {@code CI=true}.
 */
package io.peerexchange.testing.env;
