/**
 * The agent's configuration: a YAML file, overridden by {@code PEEREXCHANGE_*} environment variables,
 * overridden by flags. Each key is defined once, in {@link io.peerexchange.bootstrap.config.ConfigKey};
 * the flags, the resolution, the error messages and the documentation checks are made from that.
 * Every value is parsed here, once, and every error names the key the way the operator wrote it, so
 * a bad value is found before anything starts.
 */
package io.peerexchange.bootstrap.config;
