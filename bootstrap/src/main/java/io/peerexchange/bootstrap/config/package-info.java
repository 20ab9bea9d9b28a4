/**
 * The agent's configuration: a YAML file, overridden by {@code PEEREXCHANGE_*} environment variables,
 * overridden by flags. Every value is parsed here, once, and every error names the key the way the
 * operator wrote it, so a bad value is found before anything starts.
 */
package io.peerexchange.bootstrap.config;
