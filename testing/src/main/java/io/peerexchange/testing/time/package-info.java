/** Clocks for tests: time that moves only when the test says so. */
package io.peerexchange.testing.time;
