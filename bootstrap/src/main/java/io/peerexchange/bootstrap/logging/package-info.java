/**
 * The agent's log output: SLF4J 2 key-value events through Logback, configured in code, written to
 * stderr as logfmt ({@code time level component msg key=value…}) or as one JSON object per line.
 */
package io.peerexchange.bootstrap.logging;
