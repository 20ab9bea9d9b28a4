/**
 * Log lines that name their component: every module logs through {@link
 * io.peerexchange.ports.logging.ComponentLogger}, so the {@code component} key is set once per class
 * and its values are the {@link io.peerexchange.ports.logging.Component} names.
 */
package io.peerexchange.ports.logging;
