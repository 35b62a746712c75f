/* SPDX-License-Identifier: MIT */
/*
 * The xenbus handshake: each end of a split device publishes its state
 * in its "state" xenstore node and reacts to the other's. The usual
 * path is Initialising -> InitWait (backend ready for the frontend's
 * details) -> Initialised (frontend wrote them) -> Connected, and
 * Closing -> Closed on the way down; Reconfiguring/Reconfigured bracket
 * a change while connected.
 */
#ifndef _XEN_PUBLIC_IO_XENBUS_H
#define _XEN_PUBLIC_IO_XENBUS_H

enum xenbus_state {
	XenbusStateUnknown       = 0,
	XenbusStateInitialising  = 1,
	XenbusStateInitWait      = 2,
	XenbusStateInitialised   = 3,
	XenbusStateConnected     = 4,
	XenbusStateClosing       = 5,
	XenbusStateClosed        = 6,
	XenbusStateReconfiguring = 7,
	XenbusStateReconfigured  = 8
};
typedef enum xenbus_state XenbusState;

#endif /* _XEN_PUBLIC_IO_XENBUS_H */
