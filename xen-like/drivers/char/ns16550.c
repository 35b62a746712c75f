// SPDX-License-Identifier: GPL-2.0-only
/*
 * 16550 UART driver: polled transmit and receive, configured from the
 * Xen-style "com1=<baud>,<data><parity><stop>[,<io-base>]" option. The
 * port is probed with the scratch register, so an absent UART is noticed
 * instead of swallowing output silently.
 */
#include <asm/processor.h>
#include <xen/console.h>
#include <xen/errno.h>
#include <xen/lib.h>

#define UART_RBR 0 /* receive buffer (DLAB = 0) */
#define UART_THR 0 /* transmit holding (DLAB = 0) */
#define UART_DLL 0 /* divisor latch low (DLAB = 1) */
#define UART_IER 1
#define UART_DLM 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_SCR 7
#define LCR_DLAB 0x80
#define LSR_DR 0x01
#define LSR_THRE 0x20
#define UART_CLOCK_HZ 115200

/* Parse into a copy: a malformed option leaves @port untouched. */
int serial_parse_config(const char *conf, struct serial_port *port)
{
	struct serial_port n = *port;
	const char *p = conf;
	unsigned long long v;

	if (!strncmp(p, "auto", 4)) {
		p += 4;
	} else if (*p >= '0' && *p <= '9') {
		v = simple_strtoull(p, &p, 10);
		if (!v || v > UART_CLOCK_HZ || UART_CLOCK_HZ % v)
			return -EINVAL;
		n.baud = v;
	}
	if (*p == ',' && p[1] != ',') {
		p++;
		if (*p < '5' || *p > '8')
			return -EINVAL;
		n.data_bits = *p++ - '0';
		if (!*p || !strchr("noems", *p))
			return -EINVAL;
		n.parity = *p++;
		if (*p != '1' && *p != '2')
			return -EINVAL;
		n.stop_bits = *p++ - '0';
	} else if (*p == ',') {
		p++;
	}
	if (*p == ',') {
		p++;
		v = simple_strtoull(p, &p, 0);
		if (!v || v > 0xfff8)
			return -EINVAL;
		n.io_base = v;
	}
	if (*p)
		return -EINVAL;
	*port = n;
	return 0;
}

int ns16550_init(struct serial_port *port)
{
	uint16_t b = port->io_base;
	unsigned int div = UART_CLOCK_HZ / (port->baud ? port->baud : 115200);
	uint8_t lcr;

	/* Scratch-register probe: an absent port reads back 0xff. */
	outb(0x5a, b + UART_SCR);
	if (inb(b + UART_SCR) != 0x5a) {
		port->present = false;
		return -ENODEV;
	}
	lcr = (port->data_bits - 5) | (port->stop_bits == 2 ? 0x04 : 0);
	switch (port->parity) {
	case 'o': lcr |= 0x08; break;
	case 'e': lcr |= 0x18; break;
	case 'm': lcr |= 0x28; break;
	case 's': lcr |= 0x38; break;
	default: break;
	}
	outb(0, b + UART_IER);          /* polled: no interrupts */
	outb(LCR_DLAB, b + UART_LCR);
	outb(div & 0xff, b + UART_DLL);
	outb(div >> 8, b + UART_DLM);
	outb(lcr, b + UART_LCR);
	outb(0x07, b + UART_FCR);       /* enable and clear FIFOs */
	outb(0x03, b + UART_MCR);       /* DTR, RTS */
	port->present = true;
	return 0;
}

void ns16550_putc(const struct serial_port *port, char c)
{
	unsigned int spins = 0;

	if (!port->present)
		return;
	/* Bounded wait: a wedged UART must not hang the hypervisor. */
	while (!(inb(port->io_base + UART_LSR) & LSR_THRE) && ++spins < 1000000)
		cpu_relax();
	outb(c, port->io_base + UART_THR);
}

int ns16550_getc(const struct serial_port *port)
{
	if (!port->present || !(inb(port->io_base + UART_LSR) & LSR_DR))
		return -EAGAIN;
	return inb(port->io_base + UART_RBR);
}
