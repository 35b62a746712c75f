// SPDX-License-Identifier: GPL-2.0-only
/*
 * libpvctl's xenstore client (dom0-tools/libpvctl/xs.c) against a real
 * pvstored (build/dom0-tools/pvstored, started in the foreground on a
 * socket in a private directory): single requests, a batch inside a
 * transaction (hundreds of writes across several buffers, the first
 * error kept, the later requests still made), a read with data in the
 * middle of a batch, and xs_read_many across buffers with per-path
 * results (a missing node, a value too large for its slot).
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unit.h"
#include "xs.h"

#define NODES 300 /* more than one batch buffer's BATCH_MAX (128) */

static pid_t daemon_pid;

static void stop_daemon(void)
{
	/*
	 * SIGKILL: pvstored can miss a SIGTERM that lands between its loop's
	 * check and its poll() (it then sleeps on), and shutdown is not what
	 * this tests.
	 */
	if (daemon_pid > 0) {
		kill(daemon_pid, SIGKILL);
		waitpid(daemon_pid, NULL, 0);
	}
}

/* pvstored -N -D on DIR/socket; 0 once a connection succeeds. */
static int start_daemon(const char *dir)
{
	setenv("XENSTORED_RUNDIR", dir, 1);
	daemon_pid = fork();
	if (daemon_pid == 0) {
		execl("build/dom0-tools/pvstored", "pvstored", "-N", "-D", (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 200; i++) {
		if (xs_connect() >= 0)
			return 0;
		usleep(10000);
	}
	return -1;
}

static void test_batch(void)
{
	char path[64], value[16];
	int rc;

	CHECK(!xs_transaction_start(), "transaction start");
	xs_batch_begin();
	for (int i = 0; i < NODES; i++) {
		snprintf(path, sizeof(path), "/t/n%d", i);
		snprintf(value, sizeof(value), "v%d", i);
		CHECK(!xs_write(path, value), "a write in a batch returns 0 at once");
	}
	/* A read with data sends what is queued first, and sees it. */
	CHECK(!xs_read("/t/n299", value, sizeof(value)) && !strcmp(value, "v299"),
	      "a read inside the batch sees the queued writes ('%s')", value);
	CHECK(!xs_rm("/nosuch/parent/node"), "a failing request in a batch returns 0 at once");
	CHECK(!xs_write("/t/after", "x"), "a write after the failure");
	rc = xs_batch_end();
	CHECK(rc == -ENOENT, "xs_batch_end gives the batch's first error: %d", rc);
	CHECK(!xs_transaction_end(true), "commit");
	CHECK(!xs_read("/t/after", value, sizeof(value)) && !strcmp(value, "x"),
	      "the request after the failure was still made");
	CHECK(!xs_read("/t/n0", value, sizeof(value)) && !strcmp(value, "v0"),
	      "the batch's first write committed");
	xs_batch_begin();
	CHECK(!xs_batch_end(), "an empty batch ends with 0");
}

static void test_read_many(void)
{
	static char paths[NODES][32], values[NODES][16];
	static const char *p[NODES];
	static int rcs[NODES];
	unsigned int bad = 0;
	int rc;

	for (int i = 0; i < NODES; i++) {
		snprintf(paths[i], sizeof(paths[i]), "/t/n%d", i);
		p[i] = paths[i];
	}
	strcpy(paths[7], "/t/missing");
	rc = xs_read_many(p, NODES, &values[0][0], sizeof(values[0]), rcs);
	CHECK(rc == 0, "xs_read_many of %d paths: %d", NODES, rc);
	for (int i = 0; i < NODES; i++) {
		char want[16];

		snprintf(want, sizeof(want), "v%d", i);
		if (i == 7 ? rcs[i] != -ENOENT || values[i][0]
			   : rcs[i] || strcmp(values[i], want))
			bad++;
	}
	CHECK(!bad, "%u of %d values or results wrong (path 7 missing: -ENOENT)", bad, NODES);
	rc = xs_read_many(p, 3, &values[0][0], 2, rcs);
	CHECK(rc == 0 && rcs[0] == -E2BIG && rcs[2] == -E2BIG && !values[0][0],
	      "values larger than their slots: -E2BIG each (%d %d %d)", rc, rcs[0], rcs[2]);
	CHECK(!xs_read_many(p, 0, &values[0][0], sizeof(values[0]), rcs), "no paths: 0");
}

int main(void)
{
	char dir[] = "/tmp/test_xs_client.XXXXXX";

	if (!mkdtemp(dir) || start_daemon(dir)) {
		printf("Fail: cannot start build/dom0-tools/pvstored on %s\n", dir);
		stop_daemon();
		return 1;
	}
	test_batch();
	test_read_many();
	xs_disconnect();
	stop_daemon();
	{
		char sock[sizeof(dir) + 16];

		snprintf(sock, sizeof(sock), "%s/socket", dir);
		unlink(sock);
		rmdir(dir);
	}
	return unit_report("xs_client");
}
