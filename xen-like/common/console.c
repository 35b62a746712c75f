// SPDX-License-Identifier: GPL-2.0-only
/*
 * The hypervisor console: printk with Xen-style log levels, output to the
 * serial port(s) chosen with console=, and a ring buffer (conring) that
 * keeps recent output for later readers (dom0's dmesg via sysctl).
 *
 * Every line is prefixed "(XEN) " (with console_timestamps=boot, then the
 * time since boot as "[    s.uuuuuu] ", as Xen prints it); guest output
 * uses "(dN) ". The
 * console lock serialises whole messages; panic() steals it so a crash
 * report always gets out.
 */
#include <public/xen.h>
#include <xen/console.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/keyhandler.h>
#include <xen/sched.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/spinlock.h>
#include <xen/time.h>
#include <xen/shutdown.h>
#include <asm/current.h>
#include <asm/traps.h>

#define CONRING_SIZE (64 * 1024)

static char opt_console[32] = "com1";
string_param("console", opt_console);
static char opt_com1[64] = "115200,8n1";
string_param("com1", opt_com1);
static char opt_com2[64] = "115200,8n1";
string_param("com2", opt_com2);

int console_loglevel = XENLOG_LVL_DEFAULT;

static struct serial_port com[2] = {
	{ .io_base = 0x3f8, .baud = 115200, .data_bits = 8, .stop_bits = 1, .parity = 'n' },
	{ .io_base = 0x2f8, .baud = 115200, .data_bits = 8, .stop_bits = 1, .parity = 'n' },
};
static bool com_used[2];
static bool console_ready;

/* Guarded by console_lock: */
static DEFINE_SPINLOCK(console_lock);
static char conring[CONRING_SIZE];
static uint64_t conring_prod; /* total bytes ever written */
/*
 * Who has an unfinished line on the console: nobody (LINE_START), the
 * hypervisor (LINE_XEN) or domain N (N). Another writer first ends that
 * line, so "(XEN) " and "(dN) " output never share one.
 */
#define LINE_START (-1)
#define LINE_XEN (-2)
static int line_owner = LINE_START;

static const char *const level_names[] = { "error", "warning", "info", "debug" };

int loglvl_parse(const char *s, int *level)
{
	unsigned int i;

	if (!strcmp(s, "none")) {
		*level = -1; /* nothing passes */
		return 0;
	}
	if (!strcmp(s, "all")) {
		*level = XENLOG_LVL_DEBUG;
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(level_names); i++) {
		if (!strcmp(s, level_names[i])) {
			*level = i;
			return 0;
		}
	}
	return -EINVAL;
}

bool loglvl_allows(int threshold, int level)
{
	return level <= threshold;
}

static int parse_loglvl_opt(const char *val)
{
	char lvl[16];
	const char *slash = strchr(val, '/');
	size_t n = slash ? (size_t)(slash - val) : strlen(val);
	int v, ignored;

	/* "loglvl=<level>[/<rate-limited level>]": we have no rate limiting,
	 * so the second level is validated and otherwise ignored. */
	if (n >= sizeof(lvl))
		return -EINVAL;
	memcpy(lvl, val, n);
	lvl[n] = '\0';
	if (loglvl_parse(lvl, &v) || (slash && loglvl_parse(slash + 1, &ignored)))
		return -EINVAL;
	console_loglevel = v;
	return 0;
}
custom_param("loglvl", parse_loglvl_opt);

static void conring_put(char c)
{
	conring[conring_prod++ % CONRING_SIZE] = c;
}

static void emit(const char *s, size_t len)
{
	size_t i;
	unsigned int p;

	for (i = 0; i < len; i++) {
		conring_put(s[i]);
		for (p = 0; p < ARRAY_SIZE(com); p++) {
			if (!com_used[p])
				continue;
			if (s[i] == '\n')
				ns16550_putc(&com[p], '\r');
			ns16550_putc(&com[p], s[i]);
		}
	}
}

/* Is I/O port @port one of the serial ports the console drives? */
bool console_owns_ioport(unsigned int port)
{
	unsigned int p;

	for (p = 0; p < ARRAY_SIZE(com); p++)
		if (com_used[p] && port >= com[p].io_base && port < com[p].io_base + 8U)
			return true;
	return false;
}

void console_puts(const char *s, size_t len)
{
	unsigned long flags;

	spin_lock_irqsave(&console_lock, flags);
	emit(s, len);
	spin_unlock_irqrestore(&console_lock, flags);
}

/*
 * Write @len bytes of @s for @owner, with @prefix at each line start.
 * Caller holds console_lock.
 */
static void emit_lines(int owner, const char *prefix, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (!s[i])
			continue;
		if (line_owner != owner && line_owner != LINE_START) {
			emit("\n", 1);
			line_owner = LINE_START;
		}
		if (line_owner == LINE_START)
			emit(prefix, strlen(prefix));
		emit(&s[i], 1);
		line_owner = s[i] == '\n' ? LINE_START : owner;
	}
}

/*
 * console_timestamps=: "none" (the default) or "boot", the time since
 * boot at the start of each hypervisor line, as Xen 4.17. Under QEMU's
 * -icount shift=0 that time counts executed instructions, so the same
 * line on both hypervisors can be compared exactly (docs/research.md).
 */
static bool opt_console_timestamps;

static int parse_console_timestamps(const char *val)
{
	if (!strcmp(val, "none") || !strcmp(val, "no"))
		opt_console_timestamps = false;
	else if (!strcmp(val, "boot"))
		opt_console_timestamps = true;
	else
		return -EINVAL;
	return 0;
}
custom_param("console_timestamps", parse_console_timestamps);

static void emit_prefixed(const char *s)
{
	char prefix[32];
	s_time_t now;

	if (!opt_console_timestamps) {
		emit_lines(LINE_XEN, "(XEN) ", s, strlen(s));
		return;
	}
	now = NOW();
	if (now < 0)
		now = 0;
	snprintf(prefix, sizeof(prefix), "(XEN) [%5lu.%06lu] ", (unsigned long)(now / 1000000000),
		 (unsigned long)(now % 1000000000) / 1000);
	emit_lines(LINE_XEN, prefix, s, strlen(s));
}

void vprintk(const char *fmt, va_list args)
{
	char buf[1024];
	unsigned long flags;
	int level = XENLOG_LVL_DEFAULT;

	if (fmt[0] == '<' && fmt[1] >= '0' && fmt[1] <= '3' && fmt[2] == '>') {
		level = fmt[1] - '0';
		fmt += 3;
	}
	if (!loglvl_allows(console_loglevel, level))
		return;
	vsnprintf(buf, sizeof(buf), fmt, args);
	spin_lock_irqsave(&console_lock, flags);
	emit_prefixed(buf);
	spin_unlock_irqrestore(&console_lock, flags);
}

void printk(const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vprintk(fmt, args);
	va_end(args);
}

size_t console_ring_read(char *buf, size_t size)
{
	unsigned long flags;
	uint64_t start, i;
	size_t n = 0;

	spin_lock_irqsave(&console_lock, flags);
	start = conring_prod > CONRING_SIZE ? conring_prod - CONRING_SIZE : 0;
	if (conring_prod - start > size)
		start = conring_prod - size;
	for (i = start; i < conring_prod; i++)
		buf[n++] = conring[i % CONRING_SIZE];
	spin_unlock_irqrestore(&console_lock, flags);
	return n;
}

int console_getc(void)
{
	unsigned int p;
	int c;

	for (p = 0; p < ARRAY_SIZE(com); p++)
		if (com_used[p] && (c = ns16550_getc(&com[p])) >= 0)
			return c;
	return -EAGAIN;
}

void console_force_unlock(void)
{
	spin_lock_init(&console_lock);
}

/*
 * Bring up the ports named by console= (a comma-separated list of com1,
 * com2, none). Called after the command line has been parsed. Output
 * printed before this point sits in conring and is replayed.
 */
void console_init(void)
{
	const char *p = opt_console;
	const char *opts[2] = { opt_com1, opt_com2 };
	bool bad_console = false, bad_com[2] = { false, false };
	unsigned int i;

	while (*p) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);

		if (n == 4 && !strncmp(p, "com1", 4))
			com_used[0] = true;
		else if (n == 4 && !strncmp(p, "com2", 4))
			com_used[1] = true;
		else if (!(n == 4 && !strncmp(p, "none", 4)))
			bad_console = true;
		p += n + (comma ? 1 : 0);
	}
	if (bad_console)
		com_used[0] = true; /* never leave the user without output */
	for (i = 0; i < ARRAY_SIZE(com); i++) {
		if (serial_parse_config(opts[i], &com[i]))
			bad_com[i] = true;
		if (com_used[i] && ns16550_init(&com[i]))
			com_used[i] = false;
	}
	console_ready = true;

	/* Replay what was logged before the port was up. */
	{
		unsigned long flags;
		uint64_t i2;
		unsigned int p2;

		spin_lock_irqsave(&console_lock, flags);
		for (i2 = 0; i2 < conring_prod && i2 < CONRING_SIZE; i2++)
			for (p2 = 0; p2 < ARRAY_SIZE(com); p2++)
				if (com_used[p2]) {
					if (conring[i2] == '\n')
						ns16550_putc(&com[p2], '\r');
					ns16550_putc(&com[p2], conring[i2]);
				}
		spin_unlock_irqrestore(&console_lock, flags);
	}
	if (bad_console)
		printk(XENLOG_WARNING "console: unknown device in \"console=%s\", using com1\n",
		       opt_console);
	for (i = 0; i < ARRAY_SIZE(com); i++)
		if (bad_com[i])
			printk(XENLOG_WARNING "console: bad com%u settings \"%s\", using %u,%u%c%u\n",
			       i + 1, opts[i], com[i].baud, com[i].data_bits,
			       com[i].parity, com[i].stop_bits);
}

/*
 * Serial input goes either to the hypervisor's debug keys or to dom0
 * (CONSOLEIO_read). Three CTRL-a in a row switch, as on Xen.
 */
#define SWITCH_CODE 0x01 /* CTRL-a */
static bool input_to_guest;
static unsigned int switch_count;
/* Guarded by console_lock: */
static char rx_ring[256];
static unsigned int rx_prod, rx_cons;

void console_focus_guest(bool to_guest)
{
	input_to_guest = to_guest;
	printk("*** Serial input to %s (type 'CTRL-a' three times to switch input)\n",
	       to_guest ? "DOM0" : "Xen");
}

void console_rx(char c)
{
	unsigned long flags;

	if (c == SWITCH_CODE && ++switch_count == 3) {
		switch_count = 0;
		console_focus_guest(!input_to_guest);
		return;
	}
	if (c != SWITCH_CODE)
		switch_count = 0;
	if (!input_to_guest) {
		handle_keypress(c);
		return;
	}
	spin_lock_irqsave(&console_lock, flags);
	if (rx_prod - rx_cons < sizeof(rx_ring)) /* full: drop, as a UART would */
		rx_ring[rx_prod++ % sizeof(rx_ring)] = c;
	spin_unlock_irqrestore(&console_lock, flags);
	/* Outside console_lock, which is innermost (docs/design/locking.md). */
	send_global_virq(VIRQ_CONSOLE);
}

/* Write guest console output with a "(dN) " prefix on each line. */
static void guest_puts(const struct domain *d, const char *s, size_t len)
{
	char prefix[12];

	snprintf(prefix, sizeof(prefix), "(d%u) ", d->domain_id);
	emit_lines(d->domain_id, prefix, s, len);
}

/*
 * console_io: any domain may write (its output is prefixed "(dN) "); only
 * a privileged domain may read the serial input given to it.
 */
long do_console_io(unsigned int cmd, unsigned int count, GUEST_PTR(char) buf)
{
	struct domain *d = current->domain;
	char chunk[128];
	unsigned long flags;
	unsigned int done = 0, n;

	switch (cmd) {
	case CONSOLEIO_write:
		while (done < count) {
			n = min(count - done, (unsigned int)sizeof(chunk));
			if (raw_copy_from_guest(chunk, buf.p + done, n))
				return -EFAULT;
			spin_lock_irqsave(&console_lock, flags);
			guest_puts(d, chunk, n);
			spin_unlock_irqrestore(&console_lock, flags);
			done += n;
		}
		return 0;
	case CONSOLEIO_read:
		if (!d->is_privileged)
			return -EPERM;
		spin_lock_irqsave(&console_lock, flags);
		for (n = 0; n < sizeof(chunk) && n < count && rx_cons != rx_prod; n++)
			chunk[n] = rx_ring[rx_cons++ % sizeof(rx_ring)];
		spin_unlock_irqrestore(&console_lock, flags);
		if (n && raw_copy_to_guest(buf.p, chunk, n))
			return -EFAULT;
		return n;
	default:
		return -ENOSYS;
	}
}

void __noreturn panic(const char *fmt, ...)
{
	static bool in_panic;
	char buf[512];
	va_list args;

	local_irq_disable();
	console_force_unlock();
	if (!console_ready) {
		com_used[0] = true;
		ns16550_init(&com[0]);
		console_ready = true;
	}
	va_start(args, fmt);
	vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);

	console_loglevel = XENLOG_LVL_DEBUG;
	if (in_panic) {
		printk("Panic while panicking: %s\n", buf);
		machine_halt();
	}
	in_panic = true;
	printk("\n****************************************\n");
	printk("Panic on CPU %u:\n", smp_processor_id());
	printk("%s\n", buf);
	printk("****************************************\n\n");
	machine_crash_shutdown();
}

void __noreturn __bug(const char *file, int line, const char *expr)
{
	local_irq_disable();
	console_force_unlock();
	printk("Xen BUG at %s:%d: %s\n", file, line, expr);
	dump_execution_state();
	panic("Xen BUG at %s:%d", file, line);
}
