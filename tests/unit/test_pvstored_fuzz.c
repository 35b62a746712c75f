// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzzing pvstored's protocol engine: random and mutated xs_wire.h
 * messages (valid types and garbage, paths and permission strings from a
 * vocabulary of good and bad ones, random bytes, missing NULs, lengths
 * past the limit, requests split at random points) from socket clients,
 * dom0's ring and domains it introduces and releases itself. The engine
 * must never crash (AddressSanitizer and UBSan watch), every message it
 * sends must be well formed, and the store must stay consistent
 * (xs_engine_check). Deterministic: PVSTORED_FUZZ_SEED and
 * PVSTORED_FUZZ_N (messages, default 50000) change the run.
 */
#include <errno.h>

#include "unit.h"

#include "../../dom0-tools/pvstored/engine.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static uint64_t rng_state;

static uint32_t rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return n ? (uint32_t)(rng_state % n) : 0;
}

static const char *const words[] = {
	"/",
	"/a",
	"/a/b",
	"/a/b/c",
	"/a/b/c/d",
	"/local",
	"/local/domain",
	"/local/domain/1",
	"/local/domain/1/x",
	"/local/domain/2/device/vif/0",
	"/local/domain/0/control",
	"x",
	"x/y",
	"device",
	"@introduceDomain",
	"@releaseDomain",
	"@other",
	"/tool/xenstored",
	"",
	"//",
	"/a/",
	"a b",
	"/\x01",
	"n0",
	"r1",
	"w2",
	"b3",
	"x9",
	"r",
	"n1",
	"b65535",
	"r70000",
	"T",
	"F",
	"1",
	"2",
	"3",
	"0",
	"32752",
	"999999999999",
	"-1",
	"tok",
	"check",
	"log",
	"on",
	"help",
	"quota",
	"print",
	"value",
};

/* Good paths, absolute and relative, for well-formed requests. */
static const char *const paths[] = {
	"/a",
	"/a/b",
	"/a/b/c",
	"/a/d",
	"/e",
	"/local/domain/1",
	"/local/domain/1/x",
	"/local/domain/1/x/y",
	"/local/domain/2/device/vif/0",
	"/local/domain/3/q",
	"x",
	"x/y",
	"device/vif/0/state",
	"/tool/xenstored/z",
};
static const char *const perms[] = {"n0", "r1", "w2", "b3", "n1", "n2", "b1", "r2"};

/* A well-formed request of type, most of the time from the good paths. */
static size_t make_valid(uint32_t type, char *p, size_t max)
{
	const char *path = paths[rnd(ARRAY_SIZE(paths))];
	size_t n = 0;
	unsigned int i, k;

	switch (type) {
	case XS_WRITE:
		return (size_t)snprintf(p, max, "%s%cv%u", path, 0, rnd(1000));
	case XS_WATCH:
	case XS_UNWATCH:
		if (rnd(8) == 0)
			path = rnd(2) ? "@introduceDomain" : "@releaseDomain";
		return (size_t)snprintf(p, max, "%s%ct%u", path, 0, rnd(3)) + 1;
	case XS_SET_PERMS:
		n = (size_t)snprintf(p, max, "%s", path) + 1;
		k = 1 + rnd(4);
		for (i = 0; i < k; i++)
			n += (size_t)snprintf(p + n, max - n, "%s", perms[rnd(ARRAY_SIZE(perms))]) +
			     1;
		return n;
	case XS_DIRECTORY_PART:
		return (size_t)snprintf(p, max, "%s%c%u", path, 0, rnd(20)) + 1;
	case XS_TRANSACTION_START:
		return 1 + (p[0] = 0);
	case XS_TRANSACTION_END:
		return (size_t)snprintf(p, max, "%c", rnd(3) ? 'T' : 'F') + 1;
	case XS_RELEASE:
	case XS_RESUME:
	case XS_IS_DOMAIN_INTRODUCED:
	case XS_GET_DOMAIN_PATH:
		return (size_t)snprintf(p, max, "%u", rnd(13)) + 1;
	case XS_SET_TARGET:
		return (size_t)snprintf(p, max, "%u%c%u", rnd(13), 0, rnd(13)) + 1;
	default:
		return (size_t)snprintf(p, max, "%s", path) + 1;
	}
}

static unsigned int nconns;
static struct xs_conn *conns[64];
static struct xs_engine *e;
static unsigned long sent, replies, errors, events, dropped, introduced;

static void *fake_introduce(void *opaque, unsigned int domid, uint64_t gfn, unsigned int port,
			    int *err)
{
	(void)opaque;
	(void)gfn;
	(void)port;
	if (domid % 7 == 3) {
		*err = -ENOENT;
		return NULL;
	}
	introduced++;
	return (void *)(uintptr_t)(0x10000 + domid);
}

static void collect(struct xs_conn *c, void *arg)
{
	(void)arg;
	if (nconns < ARRAY_SIZE(conns))
		conns[nconns++] = c;
}

/* Takes c's output and checks every message in it is well formed. */
static void drain(struct xs_conn *c)
{
	static unsigned char msg[sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX];
	static size_t have;
	const struct xsd_sockmsg *h = (const void *)msg;
	const void *buf;
	size_t n;

	have = 0;
	while ((n = xs_conn_output(c, &buf)) > 0) {
		size_t take = n;

		if (have < sizeof(*h) && take > sizeof(*h) - have)
			take = sizeof(*h) - have;
		else if (have >= sizeof(*h) && take > sizeof(*h) + h->len - have)
			take = sizeof(*h) + h->len - have;
		memcpy(msg + have, buf, take);
		have += take;
		xs_conn_output_done(c, take);
		if (have == sizeof(*h))
			CHECK(h->len <= XENSTORE_PAYLOAD_MAX, "reply length %u", h->len);
		if (have < sizeof(*h) || have < sizeof(*h) + h->len)
			continue;
		if (h->type == XS_WATCH_EVENT) {
			events++;
			CHECK(h->len >= 2 && msg[sizeof(*h) + h->len - 1] == 0 &&
				      memchr(msg + sizeof(*h), 0, h->len) !=
					      msg + sizeof(*h) + h->len - 1,
			      "a watch event is two NUL-terminated strings");
		} else if (h->type == XS_ERROR) {
			errors++;
			CHECK(h->len >= 2 && msg[sizeof(*h) + h->len - 1] == 0 &&
				      msg[sizeof(*h)] == 'E',
			      "an error reply is an E... name");
		} else {
			replies++;
			CHECK(h->type < XS_TYPE_COUNT, "reply type %u", h->type);
		}
		have = 0;
	}
	CHECK(have == 0, "output ends on a message boundary");
}

static size_t make_payload(char *p, size_t max)
{
	size_t len = 0, i, n;

	switch (rnd(10)) {
	case 0: /* random bytes */
		n = rnd(64);
		for (i = 0; i < n && len < max; i++)
			p[len++] = (char)rnd(256);
		return len;
	case 1: /* a long path */
		n = 100 + rnd(3000);
		if (n > max - 2)
			n = max - 2;
		p[len++] = '/';
		for (i = 1; i < n; i++)
			p[len++] = rnd(8) ? 'a' + (char)rnd(26) : '/';
		p[len++] = 0;
		return len;
	default:
		break;
	}
	n = rnd(5);
	for (i = 0; i < n; i++) {
		const char *w = words[rnd(ARRAY_SIZE(words))];
		size_t wl = strlen(w) + 1;

		if (len + wl > max)
			break;
		memcpy(p + len, w, wl);
		len += wl;
	}
	if (len && rnd(6) == 0)
		len--; /* drop the last NUL */
	if (len && rnd(8) == 0)
		p[rnd((uint32_t)len)] = (char)rnd(256); /* mutate one byte */
	return len;
}

static void one_message(void)
{
	static char payload[XENSTORE_PAYLOAD_MAX + 64];
	struct xsd_sockmsg h = {0};
	struct xs_conn *c;
	size_t len, off, step;

	nconns = 0;
	xs_engine_for_each_conn(e, collect, NULL);
	if (!nconns || rnd(50) == 0) {
		c = xs_conn_new(e, 0, false, NULL);
		if (!c)
			return;
	} else {
		c = conns[rnd(nconns)];
	}
	if (xs_conn_dead(c)) {
		if (!xs_conn_transport(c)) {
			dropped++;
			xs_conn_free(c);
		}
		return;
	}
	h.type = rnd(12) ? rnd(XS_TYPE_COUNT) : rnd(40);
	if (rnd(10) < 6) {
		static const uint32_t common[] = {XS_WRITE,	      XS_WRITE,
						  XS_WRITE,	      XS_READ,
						  XS_MKDIR,	      XS_RM,
						  XS_DIRECTORY,	      XS_WATCH,
						  XS_UNWATCH,	      XS_SET_PERMS,
						  XS_GET_PERMS,	      XS_TRANSACTION_START,
						  XS_TRANSACTION_END, XS_DIRECTORY_PART};

		h.type = common[rnd(ARRAY_SIZE(common))];
		len = make_valid(h.type, payload, XENSTORE_PAYLOAD_MAX);
	} else {
		len = make_payload(payload, XENSTORE_PAYLOAD_MAX);
	}
	h.req_id = rnd(1000);
	h.tx_id = rnd(3) ? 0 : rnd(4) ? 1 + rnd(4) : rnd(0xffffffffu);
	h.len = (uint32_t)len;
	if (h.type == XS_INTRODUCE && rnd(2)) {
		/* a plausible INTRODUCE: domid, gfn, port */
		len = (size_t)snprintf(payload, sizeof(payload), "%u%c%u%c%u", 1 + rnd(12), 0,
				       rnd(100), 0, rnd(3)) +
		      1;
		h.len = (uint32_t)len;
	}
	if (rnd(500) == 0)
		h.len = XENSTORE_PAYLOAD_MAX + 1 + rnd(100000); /* past the limit */
	sent++;
	xs_conn_feed(c, &h, sizeof(h));
	for (off = 0; off < len && !xs_conn_dead(c);) {
		step = rnd(4) ? len - off : 1 + rnd((uint32_t)(len - off));
		off += xs_conn_feed(c, payload + off, step);
		if (!xs_conn_can_read(c))
			break;
	}
	if (rnd(10) < 7)
		drain(c);
	if (rnd(100) == 0) {
		unsigned int domid = 1 + rnd(12);

		if (rnd(2))
			xs_domain_shutdown(e, domid);
		else
			xs_domain_gone(e, domid);
	}
}

int main(void)
{
	struct xs_hooks hooks = {.introduce = fake_introduce};
	const char *s = getenv("PVSTORED_FUZZ_SEED"), *n = getenv("PVSTORED_FUZZ_N");
	unsigned long i, count = n ? strtoul(n, NULL, 10) : 50000;
	unsigned int k;

	rng_state = s ? strtoull(s, NULL, 0) : 0x9e3779b97f4a7c15ull;
	if (!rng_state)
		rng_state = 1;
	e = xs_engine_new(NULL, &hooks);
	xs_conn_new(e, 0, false, NULL);
	xs_conn_new(e, 0, false, NULL);
	xs_engine_connect_dom0(e, NULL);
	for (i = 0; i < count; i++) {
		one_message();
		if (i % 1000 == 999)
			CHECK(xs_engine_check(e) == 0, "store consistent after %lu messages",
			      i + 1);
	}
	nconns = 0;
	xs_engine_for_each_conn(e, collect, NULL);
	for (k = 0; k < nconns; k++)
		drain(conns[k]);
	CHECK(xs_engine_check(e) == 0, "store consistent at the end");
	printf("fuzz: %lu messages (seed %#llx): %lu replies, %lu errors, %lu watch events, "
	       "%lu connections dropped, %lu domains introduced, %u nodes at the end\n",
	       sent, s ? strtoull(s, NULL, 0) : 0x9e3779b97f4a7c15ull, replies, errors, events,
	       dropped, introduced, xs_engine_node_count(e));
	xs_engine_free(e);
	return unit_report("pvstored_fuzz");
}
