/**
 * Two real agents in a NAT lab topology: the lab, the reference control plane as a process on its
 * "internet", the agents in the peers' namespaces, and what a path test measures (time until a ping
 * crosses the tunnel, the path kind an agent logs). Shared by the lab matrix test and the benchmarks.
 */
package io.peerexchange.testing.lab;
