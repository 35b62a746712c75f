// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvstored's protocol engine (dom0-tools/pvstored/) against Xen 4.17's
 * xenstored semantics, through the wire protocol only: each case sends
 * xs_wire.h messages on a connection (a dom0 socket client, domU rings
 * made by INTRODUCE) and checks the reply, the watch events, and the
 * refusals with Xen's error names. The store's invariants
 * (xs_engine_check) must hold at the end.
 */
#include <errno.h>

#include "unit.h"

#include "../../dom0-tools/pvstored/engine.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* A test client: its connection and the watch events it has received. */
struct client {
	struct xs_conn *c;
	unsigned int nev;
	char ev[256][128]; /* "path token" */
};

static struct xs_engine *e;
static uint32_t next_req = 1;
static unsigned int last_type;
static size_t last_len;
static char last[2 * XENSTORE_PAYLOAD_MAX];

/* A payload from a string literal with embedded NULs ("/a\0value"). */
#define S(lit) lit, sizeof(lit) - 1

/* Takes every queued message of cl: events to cl->ev, the last reply to last*. */
static void drain(struct client *cl)
{
	const void *buf;
	size_t n;
	static unsigned char msg[sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX];
	size_t have = 0;

	while ((n = xs_conn_output(cl->c, &buf)) > 0) {
		const struct xsd_sockmsg *h = (const void *)msg;

		CHECK(have + n <= sizeof(msg), "output message larger than a header and payload");
		if (have + n > sizeof(msg))
			return;
		memcpy(msg + have, buf, n);
		have += n;
		xs_conn_output_done(cl->c, n);
		if (have < sizeof(*h) || have < sizeof(*h) + h->len)
			continue;
		if (h->type == XS_WATCH_EVENT) {
			const char *p = (const char *)(h + 1);

			if (cl->nev < 256)
				snprintf(cl->ev[cl->nev++], sizeof(cl->ev[0]), "%s %s", p,
					 p + strlen(p) + 1);
		} else {
			last_type = h->type;
			last_len = h->len;
			memcpy(last, h + 1, h->len);
			last[h->len] = 0;
		}
		have = 0;
	}
}

static void send_msg(struct client *cl, uint32_t type, uint32_t tx, const void *p, size_t len)
{
	struct xsd_sockmsg h = {
		.type = type, .req_id = next_req++, .tx_id = tx, .len = (uint32_t)len};

	xs_conn_feed(cl->c, &h, sizeof(h));
	if (len)
		xs_conn_feed(cl->c, p, len);
}

/* Sends one request and returns its reply's type (payload in last). */
static unsigned int op(struct client *cl, uint32_t type, uint32_t tx, const void *p, size_t len)
{
	last_type = ~0u;
	send_msg(cl, type, tx, p, len);
	drain(cl);
	return last_type;
}

#define OK(cl, type, tx, ...)                                                                \
	do {                                                                                 \
		unsigned int t_ = op(cl, type, tx, __VA_ARGS__);                             \
		CHECK(t_ == (type) && !strcmp(last, "OK"), "%s: expected OK, got %u \"%s\"", \
		      #type " " #__VA_ARGS__, t_, last);                                     \
	} while (0)
#define ERR(cl, type, tx, want, ...)                                                           \
	do {                                                                                   \
		unsigned int t_ = op(cl, type, tx, __VA_ARGS__);                               \
		CHECK(t_ == XS_ERROR && !strcmp(last, want),                                   \
		      "%s: expected %s, got type %u \"%s\"", #type " " #__VA_ARGS__, want, t_, \
		      last);                                                                   \
	} while (0)
/* A reply with exactly this payload. */
#define REPLY(cl, type, tx, W, ...)                                                              \
	do {                                                                                     \
		static const char w_[] = W;                                                      \
		unsigned int t_ = op(cl, type, tx, __VA_ARGS__);                                 \
		CHECK(t_ == (type) && last_len == sizeof(w_) - 1 && !memcmp(last, w_, last_len), \
		      "%s: expected \"%s\" (%zu bytes), got type %u \"%s\" (%zu)", #__VA_ARGS__, \
		      w_, sizeof(w_) - 1, t_, last, last_len);                                   \
	} while (0)

static bool has_event(struct client *cl, const char *ev)
{
	unsigned int i;

	drain(cl);
	for (i = 0; i < cl->nev; i++)
		if (!strcmp(cl->ev[i], ev))
			return true;
	return false;
}

static void clear_events(struct client *cl)
{
	drain(cl);
	cl->nev = 0;
}

static unsigned int released;
static void *fake_introduce(void *opaque, unsigned int domid, uint64_t gfn, unsigned int port,
			    int *err)
{
	(void)opaque;
	(void)gfn;
	(void)port;
	if (domid == 99) {
		*err = -ENOENT; /* the daemon could not map its ring */
		return NULL;
	}
	return (void *)(uintptr_t)(0x1000 + domid);
}

static void fake_release(void *opaque, void *transport)
{
	(void)opaque;
	(void)transport;
	released++;
}

/* The connection the engine made for an introduced domain. */
struct find_arg {
	unsigned int domid;
	struct xs_conn *c;
};
static void find_conn(struct xs_conn *c, void *arg)
{
	struct find_arg *a = arg;

	if (xs_conn_transport(c) == (void *)(uintptr_t)(0x1000 + a->domid))
		a->c = c;
}

static struct client *domu(struct client *dom0, unsigned int domid)
{
	struct client *cl = calloc(1, sizeof(*cl));
	char buf[64];
	struct find_arg a = {domid, NULL};
	int n = snprintf(buf, sizeof(buf), "%u%c1234%c%u", domid, 0, 0, 10 + domid);

	OK(dom0, XS_INTRODUCE, 0, buf, (size_t)n + 1);
	xs_engine_for_each_conn(e, find_conn, &a);
	CHECK(a.c != NULL, "INTRODUCE %u made a connection", domid);
	cl->c = a.c;
	return cl;
}

static void test_basics(struct client *d0)
{
	static const struct {
		const char *payload;
		size_t len;
		const char *err;
	} bad_reads[] = {
		{S("/nonexistent\0"), "ENOENT"},
		{S("/a/\0"), "EINVAL"},
		{S("//a\0"), "EINVAL"},
		{S("/a//b\0"), "EINVAL"},
		{S("/a b\0"), "EINVAL"},
		{S("/a\0extra\0"), "EINVAL"}, /* more than one string */
		{S("/a"), "EINVAL"},	      /* no NUL */
		{S(""), "EINVAL"},
		{S("\0"), "EINVAL"},
		{S("relative\0"), "ENOENT"}, /* a socket's home is dom0's */
	};
	char longpath[XENSTORE_PAYLOAD_MAX];
	unsigned int i;

	OK(d0, XS_WRITE, 0, S("/a/b/c\0hello"));
	REPLY(d0, XS_READ, 0, "hello", S("/a/b/c\0"));
	REPLY(d0, XS_READ, 0, "", S("/a/b\0")); /* made on the way, empty */
	REPLY(d0, XS_DIRECTORY, 0, "b\0", S("/a\0"));
	OK(d0, XS_WRITE, 0, S("/a/b/d\0bin\0ary"));
	REPLY(d0, XS_READ, 0, "bin\0ary", S("/a/b/d\0"));
	REPLY(d0, XS_DIRECTORY, 0, "c\0d\0", S("/a/b\0"));
	OK(d0, XS_WRITE, 0, S("/a/b/c\0"));
	REPLY(d0, XS_READ, 0, "", S("/a/b/c\0"));
	OK(d0, XS_MKDIR, 0, S("/a/b/c\0")); /* exists: fine, unchanged */
	OK(d0, XS_MKDIR, 0, S("/m/n\0"));
	REPLY(d0, XS_DIRECTORY, 0, "", S("/m/n\0"));
	REPLY(d0, XS_GET_PERMS, 0, "n0\0", S("/a/b/c\0"));
	REPLY(d0, XS_DIRECTORY, 0, "tool\0a\0m\0", S("/\0"));
	REPLY(d0, XS_DIRECTORY, 0, "xenstored\0", S("/tool\0"));
	for (i = 0; i < ARRAY_SIZE(bad_reads); i++)
		ERR(d0, XS_READ, 0, bad_reads[i].err, bad_reads[i].payload, bad_reads[i].len);
	ERR(d0, XS_WRITE, 0, "EINVAL", S("/a")); /* path without its NUL */
	ERR(d0, XS_WRITE, 0, "EINVAL", S("/x/\0v"));
	/* Path length: 2048 below /local/domain/N/, else in all. */
	memset(longpath, 'x', sizeof(longpath));
	memcpy(longpath, "/local/domain/0/", 16);
	longpath[16 + 2048] = 0;
	OK(d0, XS_WRITE, 0, longpath, 16 + 2048 + 1);
	longpath[16 + 2048] = 'x';
	longpath[16 + 2049] = 0;
	ERR(d0, XS_WRITE, 0, "EINVAL", longpath, 16 + 2050);
	memcpy(longpath, "/zzzzzzzzzzzzzzz", 16);
	longpath[2049] = 0;
	ERR(d0, XS_WRITE, 0, "EINVAL", longpath, 2050);
	longpath[2048] = 0;
	OK(d0, XS_WRITE, 0, longpath, 2049);
	OK(d0, XS_RM, 0, longpath, 2049);

	OK(d0, XS_RM, 0, S("/a/b\0"));
	ERR(d0, XS_READ, 0, "ENOENT", S("/a/b/c\0"));
	REPLY(d0, XS_DIRECTORY, 0, "", S("/a\0"));
	OK(d0, XS_RM, 0, S("/a/gone\0"));	       /* missing, parent there: fine */
	ERR(d0, XS_RM, 0, "ENOENT", S("/a/b/gone\0")); /* no parent */
	ERR(d0, XS_RM, 0, "EINVAL", S("/\0"));

	/* Unknown and reply-only types. */
	ERR(d0, 99, 0, "ENOSYS", S("/a\0"));
	ERR(d0, XS_WATCH_EVENT, 0, "ENOSYS", S("/a\0t\0"));
	ERR(d0, XS_ERROR, 0, "ENOSYS", S("EINVAL\0"));
	ERR(d0, 20, 0, "ENOSYS", S("1\0"));	   /* XS_RESTRICT, removed */
	ERR(d0, XS_READ, 77, "ENOENT", S("/a\0")); /* no such transaction */

	REPLY(d0, XS_GET_DOMAIN_PATH, 0, "/local/domain/5\0", S("5\0"));
	ERR(d0, XS_GET_DOMAIN_PATH, 0, "EINVAL", S("5"));
	REPLY(d0, XS_IS_DOMAIN_INTRODUCED, 0, "T\0", S("0\0"));
	REPLY(d0, XS_IS_DOMAIN_INTRODUCED, 0, "F\0", S("7\0"));
	REPLY(d0, XS_IS_DOMAIN_INTRODUCED, 0, "T\0", S("32752\0")); /* DOMID_SELF */

	OK(d0, XS_CONTROL, 0, S("check\0"));
	OK(d0, XS_CONTROL, 0, S("log\0off\0"));
	ERR(d0, XS_CONTROL, 0, "EINVAL", S("log\0maybe\0"));
	ERR(d0, XS_CONTROL, 0, "EINVAL", S("frobnicate\0"));
	ERR(d0, XS_CONTROL, 0, "EINVAL", S(""));
	OK(d0, XS_CONTROL, 0, S("print\0hello\0"));
	CHECK(op(d0, XS_CONTROL, 0, S("help\0")) == XS_CONTROL && strstr(last, "check"),
	      "CONTROL help lists check");
	CHECK(op(d0, XS_CONTROL, 0, S("quota\0")) == XS_CONTROL && strstr(last, "1000"),
	      "CONTROL quota lists the node quota");
}

static void test_permissions(struct client *d0, struct client *d1, struct client *d2)
{
	OK(d0, XS_MKDIR, 0, S("/local/domain/1\0"));
	OK(d0, XS_SET_PERMS, 0, S("/local/domain/1\0n1\0"));
	OK(d0, XS_MKDIR, 0, S("/local/domain/2\0"));
	OK(d0, XS_SET_PERMS, 0, S("/local/domain/2\0n2\0"));

	/* A domain's relative paths are below its home; it owns what it makes. */
	OK(d1, XS_WRITE, 0, S("data/x\0v1"));
	REPLY(d0, XS_READ, 0, "v1", S("/local/domain/1/data/x\0"));
	REPLY(d1, XS_READ, 0, "v1", S("/local/domain/1/data/x\0"));
	REPLY(d1, XS_GET_PERMS, 0, "n1\0", S("data/x\0"));
	/* dom0 writing below a domain's node: inherited, the domain owns it. */
	OK(d0, XS_WRITE, 0, S("/local/domain/1/fromdom0\0z"));
	REPLY(d0, XS_GET_PERMS, 0, "n1\0", S("/local/domain/1/fromdom0\0"));

	/* Not readable: EACCES, for a missing node too (nothing leaks)... */
	ERR(d2, XS_READ, 0, "EACCES", S("/local/domain/1/data/x\0"));
	ERR(d2, XS_READ, 0, "EACCES", S("/local/domain/1/nothing\0"));
	ERR(d2, XS_WRITE, 0, "EACCES", S("/local/domain/1/data/y\0v"));
	ERR(d2, XS_WRITE, 0, "EACCES", S("/new\0v")); /* root is n0 */
	ERR(d1, XS_MKDIR, 0, "EACCES", S("/tool/mine\0"));
	ERR(d2, XS_DIRECTORY, 0, "EACCES", S("/local/domain/1\0"));
	ERR(d2, XS_GET_PERMS, 0, "EACCES", S("/local/domain/1/data/x\0"));
	ERR(d2, XS_RM, 0, "EACCES", S("/local/domain/1/data\0"));
	/* ...but ENOENT where the parent may be read. */
	ERR(d2, XS_READ, 0, "ENOENT", S("/local/domain/2/nothing\0"));
	ERR(d1, XS_READ, 0, "ENOENT", S("data/nothing\0"));

	/* The owner grants d2 read: d2 reads, may not write or change perms. */
	OK(d1, XS_SET_PERMS, 0, S("data/x\0n1\0r2\0"));
	REPLY(d2, XS_READ, 0, "v1", S("/local/domain/1/data/x\0"));
	ERR(d2, XS_WRITE, 0, "EACCES", S("/local/domain/1/data/x\0v"));
	ERR(d2, XS_SET_PERMS, 0, "EACCES", S("/local/domain/1/data/x\0n2\0"));
	REPLY(d2, XS_GET_PERMS, 0, "n1\0r2\0", S("/local/domain/1/data/x\0"));
	/* Write-only: writes, cannot read. */
	OK(d1, XS_SET_PERMS, 0, S("data/x\0n1\0w2\0"));
	OK(d2, XS_WRITE, 0, S("/local/domain/1/data/x\0from2"));
	ERR(d2, XS_READ, 0, "EACCES", S("/local/domain/1/data/x\0"));
	REPLY(d1, XS_READ, 0, "from2", S("data/x\0"));
	/* The default (first entry's letter) applies to everyone else. */
	OK(d1, XS_SET_PERMS, 0, S("data/x\0r1\0"));
	REPLY(d2, XS_READ, 0, "from2", S("/local/domain/1/data/x\0"));

	/* Refusals of SET_PERMS. */
	ERR(d1, XS_SET_PERMS, 0, "EPERM", S("data/x\0n2\0")); /* giving it away */
	ERR(d1, XS_SET_PERMS, 0, "ENOSPC", S("data/x\0n1\0r2\0r3\0r4\0r5\0r6\0"));
	OK(d0, XS_SET_PERMS, 0, S("/a\0n0\0r2\0r3\0r4\0r5\0r6\0r7\0"));
	ERR(d1, XS_SET_PERMS, 0, "EINVAL", S("data/x\0x1\0"));
	ERR(d1, XS_SET_PERMS, 0, "EINVAL", S("data/x\0r\0"));
	ERR(d1, XS_SET_PERMS, 0, "EINVAL", S("data/x\0r1x\0"));
	ERR(d1, XS_SET_PERMS, 0, "EINVAL", S("data/x\0"));
	ERR(d1, XS_SET_PERMS, 0, "ENOENT", S("data/nothing\0n1\0"));
	OK(d0, XS_SET_PERMS, 0, S("/local/domain/1/data/x\0n2\0")); /* dom0 may */
	ERR(d1, XS_SET_PERMS, 0, "EACCES", S("data/x\0n1\0"));
	OK(d0, XS_SET_PERMS, 0, S("/local/domain/1/data/x\0n1\0"));

	/* Toolstack-only operations. */
	ERR(d1, XS_INTRODUCE, 0, "EACCES", S("5\0001\0002\0"));
	ERR(d1, XS_RELEASE, 0, "EACCES", S("2\0"));
	ERR(d1, XS_CONTROL, 0, "EACCES", S("check\0"));
	ERR(d1, XS_IS_DOMAIN_INTRODUCED, 0, "EACCES", S("2\0"));
	ERR(d1, XS_SET_TARGET, 0, "EACCES", S("1\0002\0"));
	ERR(d1, XS_RESUME, 0, "EACCES", S("1\0"));
	REPLY(d1, XS_GET_DOMAIN_PATH, 0, "/local/domain/1\0", S("1\0"));
}

static void test_watches(struct client *d0, struct client *d1, struct client *d2)
{
	static const char tok[] = "tok";

	(void)tok;
	clear_events(d0);
	OK(d0, XS_WATCH, 0, S("/w\0t1\0"));
	CHECK(has_event(d0, "/w t1"), "the initial event of a watch");
	clear_events(d0);
	OK(d0, XS_WRITE, 0, S("/w/a/b\0x"));
	CHECK(has_event(d0, "/w/a/b t1") && d0->nev == 1,
	      "a write below fires once, with its path");
	clear_events(d0);
	OK(d0, XS_WRITE, 0, S("/wx\0x"));
	OK(d0, XS_WRITE, 0, S("/other\0x"));
	CHECK(d0->nev == 0, "siblings and /wx do not fire /w (got %u)", d0->nev);
	OK(d0, XS_WATCH, 0, S("/w/a/b\0t2\0"));
	clear_events(d0);
	OK(d0, XS_RM, 0, S("/w/a\0"));
	CHECK(has_event(d0, "/w/a t1") && has_event(d0, "/w/a/b t2") && !has_event(d0, "/w/a/b t1"),
	      "rm fires the removed node's watchers and, exactly, the watches below");
	ERR(d0, XS_WATCH, 0, "EEXIST", S("/w\0t1\0"));
	OK(d0, XS_WATCH, 0, S("/w\0t3\0")); /* same path, another token */
	ERR(d0, XS_WATCH, 0, "EINVAL", S("/w\0"));
	ERR(d0, XS_WATCH, 0, "EINVAL", S("/w/\0t\0"));
	OK(d0, XS_WATCH, 0, S("rel\0t\0")); /* below /local/domain/0 */
	CHECK(has_event(d0, "rel t"), "a socket's relative watch");
	clear_events(d0);
	OK(d0, XS_WRITE, 0, S("/local/domain/0/rel/x\0v"));
	CHECK(has_event(d0, "rel/x t"), "a socket's relative watch reports relative paths");
	OK(d0, XS_UNWATCH, 0, S("rel\0t\0"));
	OK(d0, XS_WRITE, 0, S("rel/y\0v"));
	REPLY(d0, XS_READ, 0, "v", S("/local/domain/0/rel/y\0"));
	OK(d0, XS_RM, 0, S("/local/domain/0/rel\0"));
	ERR(d0, XS_UNWATCH, 0, "ENOENT", S("/w\0nope\0"));
	OK(d0, XS_UNWATCH, 0, S("/w\0t3\0"));
	OK(d0, XS_UNWATCH, 0, S("/w/a/b\0t2\0"));
	/* Watches ignore the transaction id. */
	OK(d0, XS_WATCH, 12345, S("/w2\0t\0"));
	OK(d0, XS_UNWATCH, 12345, S("/w2\0t\0"));

	/* Relative watches report relative paths. */
	clear_events(d1);
	OK(d1, XS_WATCH, 0, S("data\0rt\0"));
	CHECK(has_event(d1, "data rt"), "initial event of a relative watch");
	clear_events(d1);
	OK(d1, XS_WRITE, 0, S("data/q\0v"));
	CHECK(has_event(d1, "data/q rt"), "a relative watch gets the relative path");
	/* A watcher that may not read the node hears nothing. */
	OK(d2, XS_WATCH, 0, S("/local/domain/1/data\0spy\0"));
	clear_events(d2);
	OK(d1, XS_WRITE, 0, S("data/secret\0v"));
	CHECK(d2->nev == 0, "no event for an unreadable node (got %u)", d2->nev);
	/* Removing a permission still tells the watcher who loses it. */
	OK(d1, XS_SET_PERMS, 0, S("data/secret\0n1\0r2\0"));
	clear_events(d2);
	OK(d1, XS_SET_PERMS, 0, S("data/secret\0n1\0"));
	CHECK(has_event(d2, "/local/domain/1/data/secret spy"),
	      "a watcher losing read access gets the event");
	OK(d2, XS_UNWATCH, 0, S("/local/domain/1/data\0spy\0"));

	/* @introduceDomain and @releaseDomain: dom0's, others by permission. */
	OK(d0, XS_WATCH, 0, S("@introduceDomain\0in\0"));
	OK(d0, XS_WATCH, 0, S("@releaseDomain\0out\0"));
	OK(d2, XS_WATCH, 0, S("@releaseDomain\0out2\0"));
	ERR(d2, XS_SET_PERMS, 0, "EACCES", S("@releaseDomain\0n2\0"));
	ERR(d0, XS_SET_PERMS, 0, "ENOENT", S("@unknownSpecial\0n0\0"));
	OK(d0, XS_WATCH, 0, S("/\0root\0"));
	clear_events(d0);
	clear_events(d2);
	{
		struct client *d3 = domu(d0, 3);

		CHECK(has_event(d0, "@introduceDomain in") &&
			      !has_event(d0, "@introduceDomain root"),
		      "@introduceDomain fires exactly, not for a watch on /");
		OK(d0, XS_RELEASE, 0, S("3\0"));
		CHECK(has_event(d0, "@releaseDomain out"), "@releaseDomain fires on RELEASE");
		CHECK(!has_event(d2, "@releaseDomain out2"), "not for a domain without read on it");
		free(d3);
	}
	OK(d0, XS_SET_PERMS, 0, S("@releaseDomain\0n0\0r2\0"));
	clear_events(d2);
	{
		struct client *d4 = domu(d0, 4);

		xs_domain_gone(e, 4);
		CHECK(has_event(d2, "@releaseDomain out2"), "@releaseDomain for a granted domain");
		free(d4);
	}
	OK(d0, XS_UNWATCH, 0, S("/\0root\0"));
	OK(d2, XS_UNWATCH, 0, S("@releaseDomain\0out2\0"));

	/* RESET_WATCHES drops them all. */
	OK(d1, XS_RESET_WATCHES, 0, S(""));
	ERR(d1, XS_UNWATCH, 0, "ENOENT", S("data\0rt\0"));
	clear_events(d1);
	OK(d1, XS_WRITE, 0, S("data/q\0v"));
	CHECK(d1->nev == 0, "no events after RESET_WATCHES");
}

static void test_transactions(struct client *d0, struct client *d1)
{
	char id[16], id2[16];
	unsigned int t, t2, i;

	OK(d0, XS_WRITE, 0, S("/t/x\0old"));
	CHECK(op(d0, XS_TRANSACTION_START, 0, S("\0")) == XS_TRANSACTION_START, "start");
	snprintf(id, sizeof(id), "%s", last);
	t = (unsigned int)atoi(id);
	CHECK(t != 0, "transaction id %s", id);
	OK(d0, XS_WRITE, t, S("/t/x\0new"));
	OK(d0, XS_WRITE, t, S("/t/y/z\0made"));
	REPLY(d0, XS_READ, t, "new", S("/t/x\0"));
	REPLY(d0, XS_READ, 0, "old", S("/t/x\0")); /* isolated */
	ERR(d0, XS_READ, 0, "ENOENT", S("/t/y/z\0"));
	REPLY(d0, XS_DIRECTORY, t, "x\0y\0", S("/t\0"));
	OK(d0, XS_WATCH, 0, S("/t\0tw\0"));
	clear_events(d0);
	OK(d0, XS_WRITE, t, S("/t/x\0newer"));
	CHECK(d0->nev == 0, "no event before the commit");
	ERR(d0, XS_TRANSACTION_START, t, "EBUSY", S("\0"));
	ERR(d0, XS_TRANSACTION_END, t, "EINVAL", S("X\0"));
	OK(d0, XS_TRANSACTION_END, t, S("T\0"));
	CHECK(has_event(d0, "/t/x tw") && has_event(d0, "/t/y/z tw"), "events at the commit");
	REPLY(d0, XS_READ, 0, "made", S("/t/y/z\0"));
	REPLY(d0, XS_READ, 0, "newer", S("/t/x\0"));
	ERR(d0, XS_READ, t, "ENOENT", S("/t/x\0")); /* ended */
	ERR(d0, XS_TRANSACTION_END, 0, "ENOENT", S("T\0"));

	/* A conflict: what the transaction read changed meanwhile. */
	op(d0, XS_TRANSACTION_START, 0, S("\0"));
	t = (unsigned int)atoi(last);
	REPLY(d0, XS_READ, t, "newer", S("/t/x\0"));
	OK(d0, XS_WRITE, t, S("/t/other\0a"));
	OK(d1, XS_MKDIR, 0, S("data\0")); /* unrelated */
	OK(d0, XS_WRITE, 0, S("/t/x\0sneaky"));
	ERR(d0, XS_TRANSACTION_END, t, "EAGAIN", S("T\0"));
	ERR(d0, XS_READ, 0, "ENOENT", S("/t/other\0"));
	/* A node created meanwhile that the transaction found missing. */
	op(d0, XS_TRANSACTION_START, 0, S("\0"));
	t = (unsigned int)atoi(last);
	ERR(d0, XS_READ, t, "ENOENT", S("/t/late\0"));
	OK(d0, XS_WRITE, 0, S("/t/late\0x"));
	ERR(d0, XS_TRANSACTION_END, t, "EAGAIN", S("T\0"));
	/* Two transactions on disjoint nodes both commit; abort discards. */
	op(d0, XS_TRANSACTION_START, 0, S("\0"));
	t = (unsigned int)atoi(last);
	op(d0, XS_TRANSACTION_START, 0, S("\0"));
	snprintf(id2, sizeof(id2), "%s", last);
	t2 = (unsigned int)atoi(id2);
	CHECK(t2 != t, "distinct transaction ids");
	OK(d0, XS_WRITE, t,
	   S("/t/p/one\0"
	     "1"));
	OK(d0, XS_WRITE, t2,
	   S("/t/q/two\0"
	     "2"));
	OK(d0, XS_TRANSACTION_END, t, S("T\0"));
	ERR(d0, XS_TRANSACTION_END, t2, "EAGAIN", S("T\0")); /* both changed /t's children */
	op(d0, XS_TRANSACTION_START, 0, S("\0"));
	t = (unsigned int)atoi(last);
	OK(d0, XS_RM, t, S("/t/x\0"));
	ERR(d0, XS_READ, t, "ENOENT", S("/t/x\0"));
	OK(d0, XS_TRANSACTION_END, t, S("F\0"));
	REPLY(d0, XS_READ, 0, "sneaky", S("/t/x\0"));
	op(d0, XS_TRANSACTION_START, 0, S("\0"));
	t = (unsigned int)atoi(last);
	OK(d0, XS_RM, t, S("/t/x\0"));
	OK(d0, XS_TRANSACTION_END, t, S("T\0"));
	ERR(d0, XS_READ, 0, "ENOENT", S("/t/x\0"));
	OK(d0, XS_UNWATCH, 0, S("/t\0tw\0"));

	/* A domain may hold 11 open transactions (Xen counts before adding). */
	for (i = 0; i < 11; i++)
		CHECK(op(d1, XS_TRANSACTION_START, 0, S("\0")) == XS_TRANSACTION_START,
		      "domU transaction %u", i);
	ERR(d1, XS_TRANSACTION_START, 0, "ENOSPC", S("\0"));
	OK(d1, XS_RESET_WATCHES, 0, S("")); /* also ends its transactions */
	CHECK(op(d1, XS_TRANSACTION_START, 0, S("\0")) == XS_TRANSACTION_START,
	      "transactions free again after RESET_WATCHES");
	t = (unsigned int)atoi(last);
	OK(d1, XS_TRANSACTION_END, t, S("F\0"));
}

static void test_quotas(void)
{
	struct xs_quota q;
	struct xs_engine *saved = e;
	struct client d0 = {0}, *d5;
	char buf[3000];
	unsigned int i;
	int n;

	xs_quota_default(&q);
	q.entries = 8;
	e = xs_engine_new(&q, &(struct xs_hooks){.introduce = fake_introduce});
	d0.c = xs_conn_new(e, 0, false, NULL);
	d5 = domu(&d0, 5);
	OK(&d0, XS_MKDIR, 0, S("/local/domain/5\0"));
	OK(&d0, XS_SET_PERMS, 0, S("/local/domain/5\0n5\0")); /* 1 node owned */
	for (i = 0; i < 7; i++) {
		n = snprintf(buf, sizeof(buf), "n%u", i);
		OK(d5, XS_WRITE, 0, buf, (size_t)n + 1);
	}
	ERR(d5, XS_WRITE, 0, "ENOSPC", S("one/too/many\0"));
	ERR(d5, XS_WRITE, 0, "ENOSPC", S("n7\0"));
	OK(d5, XS_WRITE, 0, S("n6\0rewrite is fine"));
	OK(&d0, XS_WRITE, 0, S("/local/domain/5/bydom0\0dom0 is not limited"));
	OK(d5, XS_RM, 0, S("n0\0"));
	OK(d5, XS_RM, 0, S("n1\0"));
	ERR(d5, XS_WRITE, 0, "ENOSPC", S("a/b/c\0")); /* 3 new, 1 left */
	OK(d5, XS_WRITE, 0, S("a\0"));
	/* Node size: 2048 bytes as Xen stores it (24 + 8 per perm + data). */
	memset(buf, 'v', sizeof(buf));
	memcpy(buf, "n6\0", 3);
	OK(d5, XS_WRITE, 0, buf, 3 + 2048 - 24 - 8 - 1);
	ERR(d5, XS_WRITE, 0, "ENOSPC", buf, 3 + 2048 - 24 - 8);
	memcpy(buf, "/local/domain/5/n6\0", 19);
	OK(&d0, XS_WRITE, 0, buf, 19 + 2500);
	/* Outstanding replies: a domain stops being read at 20 untaken. */
	for (i = 0; i < 25; i++) {
		struct xsd_sockmsg h = {.type = XS_READ, .req_id = i, .len = 3};

		n = (int)xs_conn_feed(d5->c, &h, sizeof(h));
		n += (int)xs_conn_feed(d5->c, "n6", 3);
		if (i >= 20)
			CHECK(n == 0, "request %u of a domain with 20 replies pending: taken %d", i,
			      n);
	}
	CHECK(!xs_conn_can_read(d5->c), "a domain with 20 replies pending is not read");
	clear_events(d5);
	CHECK(xs_conn_can_read(d5->c), "read again once its replies are taken");
	CHECK(xs_engine_check(e) == 0, "quota engine consistent");
	/* Watches: 129 fit (Xen counts before adding), then E2BIG. */
	for (i = 0; i < 129; i++) {
		n = snprintf(buf, sizeof(buf), "w%u%ct", i, 0);
		OK(d5, XS_WATCH, 0, buf, (size_t)n + 1);
		clear_events(d5);
	}
	ERR(d5, XS_WATCH, 0, "E2BIG", S("w999\0t\0"));
	xs_engine_free(e);
	free(d5);
	e = saved;
}

static void test_domains(struct client *d0, struct client *d1)
{
	struct client *d6 = domu(d0, 6), *d7;

	ERR(d0, XS_INTRODUCE, 0, "EINVAL", S("8\0001\0000\0")); /* port 0 */
	ERR(d0, XS_INTRODUCE, 0, "EINVAL", S("8\0001\0"));
	ERR(d0, XS_INTRODUCE, 0, "ENOENT", S("99\0001\0005\0")); /* ring not mapped */
	REPLY(d0, XS_IS_DOMAIN_INTRODUCED, 0, "F\0", S("99\0"));
	OK(d0, XS_INTRODUCE, 0, S("6\0001234\00017\0")); /* again: rebind */
	REPLY(d0, XS_IS_DOMAIN_INTRODUCED, 0, "T\0", S("6\0"));
	ERR(d0, XS_RELEASE, 0, "EINVAL", S("0\0"));
	ERR(d0, XS_RELEASE, 0, "ENOENT", S("42\0"));
	ERR(d0, XS_RESUME, 0, "ENOENT", S("42\0"));
	OK(d0, XS_RESUME, 0, S("6\0"));

	/* SET_TARGET: domain 6 acts on domain 1's nodes as 1 would. */
	ERR(d6, XS_READ, 0, "EACCES", S("/local/domain/1/data/x\0"));
	ERR(d0, XS_SET_TARGET, 0, "ENOENT", S("6\00042\0"));
	OK(d0, XS_SET_TARGET, 0, S("6\0001\0"));
	REPLY(d6, XS_READ, 0, "from2", S("/local/domain/1/data/x\0"));

	/* Release: the domain's nodes go, its watches with its connection. */
	OK(d0, XS_MKDIR, 0, S("/local/domain/6\0"));
	OK(d0, XS_SET_PERMS, 0, S("/local/domain/6\0n6\0"));
	OK(d6, XS_WRITE, 0, S("device/vif/0\0x"));
	OK(d6, XS_WATCH, 0, S("/local/domain/6\0mine\0"));
	OK(d0, XS_WRITE, 0, S("/vm/6\0owned by dom0"));
	OK(d0, XS_WATCH, 0, S("/local/domain/6\0tool\0"));
	clear_events(d0);
	released = 0;
	OK(d0, XS_RELEASE, 0, S("6\0"));
	CHECK(released == 1, "the ring is released (%u)", released);
	ERR(d0, XS_READ, 0, "ENOENT", S("/local/domain/6\0"));
	REPLY(d0, XS_READ, 0, "owned by dom0", S("/vm/6\0"));
	CHECK(has_event(d0, "/local/domain/6 tool"), "the removal fires the toolstack's watch");
	REPLY(d0, XS_IS_DOMAIN_INTRODUCED, 0, "F\0", S("6\0"));
	REPLY(d1, XS_READ, 0, "from2", S("data/x\0")); /* the target survives */
	OK(d0, XS_UNWATCH, 0, S("/local/domain/6\0tool\0"));
	free(d6);

	/* A domain that shut down fires @releaseDomain once until RESUME. */
	d7 = domu(d0, 7);
	clear_events(d0);
	xs_domain_shutdown(e, 7);
	xs_domain_shutdown(e, 7);
	drain(d0);
	CHECK(d0->nev == 1 && has_event(d0, "@releaseDomain out"), "shutdown fires once (%u)",
	      d0->nev);
	OK(d0, XS_RESUME, 0, S("7\0"));
	clear_events(d0);
	xs_domain_shutdown(e, 7);
	CHECK(has_event(d0, "@releaseDomain out"), "and again after RESUME");
	xs_domain_gone(e, 7);
	free(d7);
}

static void test_directory_part(struct client *d0)
{
	char buf[64], all[40000], got[40000];
	size_t all_len = 0, got_len = 0, off = 0;
	unsigned int i, rounds = 0;
	int n;

	for (i = 0; i < 600; i++) {
		n = snprintf(buf, sizeof(buf), "/dp/child-with-a-long-name-%04u", i);
		OK(d0, XS_WRITE, 0, buf, (size_t)n + 1);
		n = snprintf(all + all_len, sizeof(all) - all_len, "child-with-a-long-name-%04u",
			     i);
		all_len += (size_t)n + 1;
	}
	ERR(d0, XS_DIRECTORY, 0, "E2BIG", S("/dp\0"));
	for (;;) {
		size_t genlen, len;

		n = snprintf(buf, sizeof(buf), "/dp%c%zu", 0, off);
		CHECK(op(d0, XS_DIRECTORY_PART, 0, buf, (size_t)n + 1) == XS_DIRECTORY_PART,
		      "DIRECTORY_PART at %zu", off);
		genlen = strlen(last) + 1;
		len = last_len - genlen;
		rounds++;
		if (len == 1 && !last[genlen])
			break;
		if (!last[last_len - 1] && !last[last_len - 2]) {
			memcpy(got + got_len, last + genlen, len - 1);
			got_len += len - 1;
			break;
		}
		memcpy(got + got_len, last + genlen, len);
		got_len += len;
		off += len;
		if (rounds > 20)
			break;
	}
	CHECK(rounds > 1 && got_len == all_len && !memcmp(got, all, all_len),
	      "DIRECTORY_PART reassembles the %zu-byte list in %u parts (got %zu)", all_len, rounds,
	      got_len);
	OK(d0, XS_RM, 0, S("/dp\0"));
}

static void test_bad_clients(struct client *d0)
{
	struct client bad = {0}, flood = {0};
	struct xsd_sockmsg h = {.type = XS_READ, .len = XENSTORE_PAYLOAD_MAX + 1};
	char big[3000];
	unsigned int i;

	bad.c = xs_conn_new(e, 0, false, NULL);
	xs_conn_feed(bad.c, &h, sizeof(h));
	CHECK(xs_conn_dead(bad.c) && xs_conn_error(bad.c) == XENSTORE_ERROR_PROTO,
	      "a length past XENSTORE_PAYLOAD_MAX kills the connection");
	CHECK(xs_conn_feed(bad.c, "x", 1) == 0, "a dead connection takes nothing");
	xs_conn_free(bad.c);
	REPLY(d0, XS_READ, 0, "", S("/tool/xenstored\0")); /* others go on */

	/* A client that watches and never reads its events is dropped. */
	flood.c = xs_conn_new(e, 0, false, NULL);
	memset(big, 't', sizeof(big));
	memcpy(big, "/flood\0", 7);
	big[sizeof(big) - 1] = 0;
	OK(&flood, XS_WATCH, 0, big, sizeof(big)); /* 3 KB events */
	memset(big, 'x', sizeof(big));
	memcpy(big, "/flood/a\0", 9);
	for (i = 0; i < 4000 && !xs_conn_dead(flood.c); i++) {
		struct xsd_sockmsg w = {.type = XS_WRITE, .len = sizeof(big)};

		xs_conn_feed(d0->c, &w, sizeof(w));
		xs_conn_feed(d0->c, big, sizeof(big));
		/* the flooder's own write requests too: it never takes replies */
		xs_conn_feed(flood.c, &w, sizeof(w));
		xs_conn_feed(flood.c, big, sizeof(big));
		drain(d0);
	}
	CHECK(xs_conn_dead(flood.c) && xs_conn_error(flood.c) == XENSTORE_ERROR_COMM,
	      "a client piling up output is dropped (after %u writes)", i);
	xs_conn_free(flood.c);
	OK(d0, XS_RM, 0, S("/flood\0"));

	/* A message split at every byte boundary still works. */
	{
		struct xsd_sockmsg r = {.type = XS_READ, .req_id = 7, .len = 16};
		unsigned char msg[sizeof(r) + 16];

		memcpy(msg, &r, sizeof(r));
		memcpy(msg + sizeof(r), "/tool/xenstored", 16);
		for (i = 0; i < sizeof(msg); i++)
			xs_conn_feed(d0->c, msg + i, 1);
		last_type = ~0u;
		drain(d0);
		CHECK(last_type == XS_READ && last_len == 0, "a request fed byte by byte");
	}
}

int main(void)
{
	struct client d0 = {0}, *d1, *d2;
	struct xs_hooks hooks = {.introduce = fake_introduce, .release = fake_release};

	e = xs_engine_new(NULL, &hooks);
	CHECK(e != NULL, "engine");
	d0.c = xs_conn_new(e, 0, false, NULL);
	d1 = domu(&d0, 1);
	d2 = domu(&d0, 2);
	test_basics(&d0);
	test_permissions(&d0, d1, d2);
	test_watches(&d0, d1, d2);
	test_transactions(&d0, d1);
	test_domains(&d0, d1);
	test_directory_part(&d0);
	test_bad_clients(&d0);
	CHECK(xs_engine_check(e) == 0, "the store is consistent at the end");
	test_quotas();
	xs_engine_free(e);
	free(d1);
	free(d2);
	return unit_report("pvstored");
}
