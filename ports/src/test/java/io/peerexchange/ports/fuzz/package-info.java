/**
 * Jazzer fuzz targets for the ports' value parsers: replayed from checked-in inputs in every build,
 * fuzzed for as long as asked with {@code JAZZER_FUZZ=1}.
 */
package io.peerexchange.ports.fuzz;
