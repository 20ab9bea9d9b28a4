/**
 * The port-mapping wire formats as pure functions: PCP (RFC 6887) and NAT-PMP (RFC 6886) datagrams,
 * the kernel's route table text, SSDP answers and UPnP IGD's XML (device descriptions and SOAP).
 * Nothing here opens a socket or reads a clock, so every decoder can be fuzzed on its own; every
 * malformed input ends in a {@link io.peerexchange.adapters.portmap.codec.PortMapDecodeException}.
 */
package io.peerexchange.adapters.portmap.codec;
