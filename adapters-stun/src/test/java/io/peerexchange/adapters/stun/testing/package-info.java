/**
 * The STUN adapter's own fake: scriptable STUN servers that misbehave on purpose. It stays here
 * because its requests and answers are the adapter's codec types; the real-process harnesses are
 * in the {@code testing} module.
 */
package io.peerexchange.adapters.stun.testing;
