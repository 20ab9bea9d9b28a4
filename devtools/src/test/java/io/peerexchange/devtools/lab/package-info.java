/**
 * The end-to-end NAT lab run as a test: two real agents behind two NAT routers in network
 * namespaces must bring up a WireGuard tunnel. Needs root; CI runs it as root.
 */
package io.peerexchange.devtools.lab;
