/**
 * Port mapping against a real miniupnpd in network namespaces: the time from asking to holding the
 * first mapping, per protocol, beside miniupnpc's {@code upnpc} and libnatpmp's {@code natpmpc}
 * in the same run.
 */
package io.peerexchange.benchmarks.portmap;
