/**
 * The {@code peerexchange} program: the picocli command line ({@code run}, {@code discover},
 * {@code version}), its exit codes, and the entry point that hands the environment to the commands.
 */
package io.peerexchange.bootstrap;
