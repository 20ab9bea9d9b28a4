/**
 * Running external commands to completion (with their output in failure messages) and ending the
 * long-running processes the harnesses start: politely first, then forcibly.
 */
package io.peerexchange.testing.process;
