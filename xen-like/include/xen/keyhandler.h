/* SPDX-License-Identifier: GPL-2.0-only */
/* Debug keys typed on the serial console (like Xen's). */
#ifndef XEN_KEYHANDLER_H
#define XEN_KEYHANDLER_H

void keyhandler_init(void);
void handle_keypress(char key);

#endif /* XEN_KEYHANDLER_H */
