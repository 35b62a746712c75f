/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef XEN_CONSOLE_H
#define XEN_CONSOLE_H

#include <xen/types.h>

/* A serial port driver (drivers/char/ns16550.c). */
struct serial_port {
	uint16_t io_base;
	unsigned int baud;
	unsigned int data_bits, stop_bits;
	char parity; /* 'n', 'o', 'e', 'm', 's' */
	bool present;
};

int ns16550_init(struct serial_port *port);
void ns16550_putc(const struct serial_port *port, char c);
int ns16550_getc(const struct serial_port *port); /* -EAGAIN when nothing waits */
/* Parse "115200,8n1[,0x3f8]" into @port (host-testable). */
int serial_parse_config(const char *conf, struct serial_port *port);

void console_init(void);
/* One character of serial input: a debug key or dom0's, see console.c. */
void console_rx(char c);
void console_focus_guest(bool to_guest);
void console_puts(const char *s, size_t len);
bool console_owns_ioport(unsigned int port); /* a serial port of the console's */
int console_getc(void); /* a character, or -EAGAIN */
/* Copy up to @size bytes of the console ring, oldest first; returns bytes copied. */
size_t console_ring_read(char *buf, size_t size);
/* Drop the lock after a crash so panic output always gets through. */
void console_force_unlock(void);
/* Level of messages that get printed (XENLOG_LVL_*). */
extern int console_loglevel;
/* Parse "none|error|warning|info|debug|all" into a threshold (-1 = none); 0 or -EINVAL. */
int loglvl_parse(const char *s, int *level);
/* Should a message at @level be printed under @threshold? */
bool loglvl_allows(int threshold, int level);

#endif /* XEN_CONSOLE_H */
