/**
 * The composition root: one Dagger component with one module per adapter and one for the core, and
 * the {@link io.peerexchange.bootstrap.wiring.Agent} that runs the wired core until it is stopped.
 * The only place that knows which adapter implements which port.
 */
package io.peerexchange.bootstrap.wiring;
