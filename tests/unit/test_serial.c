// SPDX-License-Identifier: GPL-2.0-only
/*
 * The 16550 driver (drivers/char/ns16550.c) on a fake port space: the
 * "com1=" option syntax (accepting Xen's forms, rejecting malformed ones
 * without touching the port settings) and the register programming.
 * Regression: a refused "9600,9n1" used to leave the baud rate applied.
 */
#include "unit.h"
#include "hv-begin.h"
#include "../../xen-like/common/string.c"
#include "../../xen-like/common/vsprintf.c"
#include "../../xen-like/drivers/char/ns16550.c"
#include "hv-end.h"

int main(void)
{
	static const struct {
		const char *conf;
		int rc;
		unsigned int baud, bits, stop;
		char parity;
		unsigned int io;
	} cases[] = {
		{ "115200,8n1", 0, 115200, 8, 1, 'n', 0x3f8 },
		{ "9600,7e2", 0, 9600, 7, 2, 'e', 0x3f8 },
		{ "57600,8o1,0x2f8", 0, 57600, 8, 1, 'o', 0x2f8 },
		{ "auto", 0, 115200, 8, 1, 'n', 0x3f8 },
		{ "38400", 0, 38400, 8, 1, 'n', 0x3f8 },
		{ "115200,,0x3e8", 0, 115200, 8, 1, 'n', 0x3e8 },
		{ "115200,9n1", -EINVAL, 0, 0, 0, 0, 0 },
		{ "115200,8x1", -EINVAL, 0, 0, 0, 0, 0 },
		{ "115200,8n3", -EINVAL, 0, 0, 0, 0, 0 },
		{ "0,8n1", -EINVAL, 0, 0, 0, 0, 0 },
		{ "7000,8n1", -EINVAL, 0, 0, 0, 0, 0 },
		{ "115200,8n1,0", -EINVAL, 0, 0, 0, 0, 0 },
		{ "115200,8n1 junk", -EINVAL, 0, 0, 0, 0, 0 },
		{ "115200,8", -EINVAL, 0, 0, 0, 0, 0 },
	};
	unsigned int i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct serial_port p = { 0x3f8, 115200, 8, 1, 'n', false };
		int rc = serial_parse_config(cases[i].conf, &p);

		CHECK(rc == cases[i].rc, "\"%s\": expected rc %d, got %d", cases[i].conf, cases[i].rc, rc);
		if (rc) {
			CHECK(p.baud == 115200 && p.data_bits == 8 && p.stop_bits == 1 &&
			      p.parity == 'n' && p.io_base == 0x3f8,
			      "\"%s\": refused, yet the port changed to %u,%u%c%u,%#x", cases[i].conf,
			      p.baud, p.data_bits, p.parity, p.stop_bits, p.io_base);
			continue;
		}
		if (cases[i].rc)
			continue;
		CHECK(p.baud == cases[i].baud && p.data_bits == cases[i].bits &&
		      p.stop_bits == cases[i].stop && p.parity == cases[i].parity &&
		      p.io_base == cases[i].io,
		      "\"%s\": got %u,%u%c%u,%#x", cases[i].conf, p.baud, p.data_bits, p.parity,
		      p.stop_bits, p.io_base);
	}

	{
		struct serial_port p = { 0x3f8, 9600, 7, 2, 'e', false };

		CHECK(ns16550_init(&p) == 0 && p.present, "init of a present UART");
		CHECK(unit_ports[0x3f8] == 12 && unit_ports[0x3f9] == 0,
		      "divisor for 9600: expected 12/0, got %u/%u (last writes)", unit_ports[0x3f8],
		      unit_ports[0x3f9]);
		CHECK(unit_ports[0x3fb] == (0x02 | 0x04 | 0x18), "LCR 7e2: expected %#x, got %#x",
		      0x02 | 0x04 | 0x18, unit_ports[0x3fb]);
		ns16550_putc(&p, 'A');
		CHECK(unit_ports[0x3f8] == 'A', "putc writes THR");
		unit_ports_absent = true;
		CHECK(ns16550_init(&p) == -ENODEV && !p.present, "absent UART detected");
		unit_ports[0x3f8] = 0;
		ns16550_putc(&p, 'B');
		CHECK(unit_ports[0x3f8] == 0, "putc to an absent UART must not write");
		CHECK(ns16550_getc(&p) == -EAGAIN, "getc from an absent UART");
	}
	return unit_report("serial");
}
