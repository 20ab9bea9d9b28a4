package io.peerexchange.adapters.controlplane.archfixture;

/** Breaks the rule on purpose: the control-plane adapter calling native code. */
public class ControlPlaneUsingJna {
    com.sun.jna.Pointer pointer;
}
