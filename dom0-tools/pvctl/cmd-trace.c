// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvctl trace (docs/pvctl-commands.md): records the hypervisor's trace
 * buffers for a while, optionally into a file, and prints what it saw.
 * The two hypervisors trace differently, and pvctl speaks to each in its
 * own terms, choosing by what answers:
 *
 *   xen-like: XEN_SYSCTL_xl_tbuf_op, per-CPU rings of fixed-size
 *   struct xen_trace_rec read out by the sysctl itself (and consumed);
 *   Xen 4.17: XEN_SYSCTL_tbuf_op, per-CPU buffers of variable-size
 *   struct t_rec in the hypervisor's own frames, which dom0 maps
 *   (DOMID_XEN) and consumes by moving each buffer's cons up to its prod.
 *
 * Either way the buffers are drained every 100 ms while the trace runs,
 * so that they rarely fill; what was lost anyway is counted and printed.
 * The file holds the records as the hypervisor wrote them: xen-like's
 * xen_trace_rec array, or xentrace's format on Xen (each CPU's window
 * behind a TRC_TRACE_CPU_CHANGE record), which Xen's xenalyze reads.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctl.h"
#include "ctl-cmds.h"
#include "json.h"
#include "pvctl.h"

#define POLL_MS 100
#define XL_RING_RECORDS 16384 /* per CPU */
#define XL_READ_BATCH 1024
#define XEN_TBUF_PAGES 32 /* per CPU, as xentrace's default */
#define MAX_EVENTS 1024	  /* distinct events counted */

struct ev_count {
	uint32_t event;
	uint64_t count;
};

/* What one trace saw: counts per event and per CPU. */
struct summary {
	const char *interface;
	struct ev_count ev[MAX_EVENTS];
	unsigned int nr_ev;
	uint64_t other; /* records of events beyond MAX_EVENTS */
	uint64_t records, lost, bytes;
	uint64_t cpu_records[PVCTL_MAX_CPUS], cpu_lost[PVCTL_MAX_CPUS];
	unsigned int nr_cpus;
	double seconds;
	bool xen; /* Xen's event numbers (else xen-like's TRC_EVENT) */
};

static const char *const hcall_names[64] = {
#define HCALL(nr, name, params) [nr] = #name,
#include <public/hypercall-list.h>
#undef HCALL
};

static void count_event(struct summary *s, unsigned int cpu, uint32_t event)
{
	unsigned int i;

	s->records++;
	if (cpu < PVCTL_MAX_CPUS)
		s->cpu_records[cpu]++;
	for (i = 0; i < s->nr_ev; i++)
		if (s->ev[i].event == event) {
			s->ev[i].count++;
			return;
		}
	if (s->nr_ev == MAX_EVENTS) {
		s->other++;
		return;
	}
	s->ev[s->nr_ev].event = event;
	s->ev[s->nr_ev++].count = 1;
}

/* A person's name for an event ("hcall sched_op", "sched switch", "0x00021011"). */
static void event_name(const struct summary *s, uint32_t event, char *buf, size_t len)
{
	static const char *const xen_classes[] = {
		"gen", "sched", "dom0op", "hvm", "mem", "pv", "shadow", "hw", "", "", "", "guest"};
	uint32_t cls = event >> 16, id = event & 0xffff;

	if (s->xen) {
		unsigned int bit = cls ? (unsigned int)__builtin_ctz(cls) : 0;

		if (event == TRC_LOST_RECORDS)
			snprintf(buf, len, "gen lost_records");
		else if (event == TRC_TRACE_WRAP_BUFFER)
			snprintf(buf, len, "gen wrap_buffer");
		else if (cls && bit < sizeof(xen_classes) / sizeof(xen_classes[0]) &&
			 *xen_classes[bit])
			snprintf(buf, len, "%s 0x%07x", xen_classes[bit], event);
		else
			snprintf(buf, len, "0x%07x", event);
		return;
	}
	switch (cls) {
	case TRC_CLS_HCALL:
		if (id < 64 && hcall_names[id])
			snprintf(buf, len, "hcall %s", hcall_names[id]);
		else
			snprintf(buf, len, "hcall %u", id);
		return;
	case TRC_CLS_TRAP:
		snprintf(buf, len, "trap vector %u", id);
		return;
	case TRC_CLS_EVENT:
		snprintf(buf, len, "event %u", id);
		return;
	case TRC_CLS_SCHED:
		snprintf(buf, len, "sched %s",
			 id == TRC_SCHED_switch	 ? "switch"
			 : id == TRC_SCHED_block ? "block"
			 : id == TRC_SCHED_wake	 ? "wake"
						 : "?");
		return;
	case TRC_CLS_DOM:
		snprintf(buf, len, "domain %s",
			 id == TRC_DOM_create	  ? "create"
			 : id == TRC_DOM_shutdown ? "shutdown"
						  : "?");
		return;
	}
	snprintf(buf, len, "0x%08x", event);
}

static int by_count(const void *a, const void *b)
{
	const uint64_t ca = ((const struct ev_count *)a)->count;
	const uint64_t cb = ((const struct ev_count *)b)->count;

	return ca < cb ? 1 : ca > cb ? -1 : 0;
}

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000};

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int write_out(FILE *f, const void *p, size_t n, struct summary *s, const char *file)
{
	if (!f)
		return 0;
	if (fwrite(p, 1, n, f) != n)
		return pvctl_err("cannot write %s: %s", file, strerror(errno));
	s->bytes += n;
	return 0;
}

/* ---- xen-like: XEN_SYSCTL_xl_tbuf_op ---- */

static int xl_drain(struct pvctl *h, struct summary *s, struct xen_trace_rec *recs, FILE *f,
		    const char *file)
{
	for (unsigned int cpu = 0; cpu < s->nr_cpus; cpu++) {
		int n;

		do {
			uint64_t lost = 0;

			n = pvctl_xltbuf_read(h, cpu, recs, XL_READ_BATCH, &lost);
			if (n == -EINVAL)
				break; /* an offline CPU has no ring */
			if (n < 0)
				return pvctl_err("%s", pvctl_error(h));
			s->cpu_lost[cpu] = lost;
			for (int i = 0; i < n; i++)
				count_event(s, recs[i].cpu, recs[i].event);
			if (write_out(f, recs, (size_t)n * sizeof(*recs), s, file))
				return 1;
		} while (n == XL_READ_BATCH);
	}
	return 0;
}

static int trace_xl(struct pvctl *h, struct summary *s, double seconds, FILE *f, const char *file,
		    const struct xen_sysctl_xl_tbuf_op *info)
{
	struct xen_sysctl_xl_tbuf_op op;
	struct xen_trace_rec *recs;
	double start, end;
	int rc = 1;

	if (info->enabled)
		return pvctl_err("the trace buffers are on already (another trace is running); "
				 "pvctl trace will not take them over");
	recs = malloc(XL_READ_BATCH * sizeof(*recs));
	if (!recs)
		return pvctl_err("out of memory");
	s->interface = "XEN_SYSCTL_xl_tbuf_op";
	memset(&op, 0, sizeof(op));
	op.cmd = XEN_SYSCTL_XL_TBUFOP_set_size;
	op.size = XL_RING_RECORDS;
	if (pvctl_xltbuf_op(h, &op) < 0)
		goto fail;
	memset(&op, 0, sizeof(op));
	op.cmd = XEN_SYSCTL_XL_TBUFOP_set_evt_mask;
	op.evt_mask = TRC_CLS_HCALL | TRC_CLS_TRAP | TRC_CLS_EVENT | TRC_CLS_SCHED | TRC_CLS_DOM;
	if (pvctl_xltbuf_op(h, &op) < 0)
		goto fail;
	memset(&op, 0, sizeof(op));
	op.cmd = XEN_SYSCTL_XL_TBUFOP_enable;
	if (pvctl_xltbuf_op(h, &op) < 0)
		goto fail;
	start = now_s();
	end = start + seconds;
	while (now_s() < end) {
		sleep_ms(POLL_MS);
		if (xl_drain(h, s, recs, f, file))
			goto out_disable;
	}
	memset(&op, 0, sizeof(op));
	op.cmd = XEN_SYSCTL_XL_TBUFOP_disable;
	if (pvctl_xltbuf_op(h, &op) < 0)
		goto fail;
	s->seconds = now_s() - start;
	if (xl_drain(h, s, recs, f, file))
		goto out;
	for (unsigned int cpu = 0; cpu < s->nr_cpus; cpu++)
		s->lost += s->cpu_lost[cpu];
	rc = 0;
	goto out;
fail:
	pvctl_err("%s", pvctl_error(h));
out_disable:
	memset(&op, 0, sizeof(op));
	op.cmd = XEN_SYSCTL_XL_TBUFOP_disable;
	pvctl_xltbuf_op(h, &op);
out:
	free(recs);
	return rc;
}

/* ---- Xen 4.17: XEN_SYSCTL_tbuf_op and its buffers in DOMID_XEN frames ---- */

struct xen_bufs {
	struct t_info *t_info;
	unsigned int t_info_pages;
	struct t_buf *meta[PVCTL_MAX_CPUS]; /* NULL: the CPU has no buffer */
	unsigned int pages;		    /* per CPU */
	uint32_t data_size;		    /* bytes of records per CPU */
	uint8_t *window;		    /* one CPU's records, unwrapped */
};

/* Counts the records of window[0..n) and writes it behind xentrace's CPU-change record. */
static int xen_window(struct summary *s, unsigned int cpu, const uint8_t *w, uint32_t n, FILE *f,
		      const char *file)
{
	struct {
		uint32_t header;
		int32_t cpu;
		uint32_t window_size;
	} change = {TRC_TRACE_CPU_CHANGE | (2u << TRACE_EXTRA_SHIFT), (int32_t)cpu, n};
	uint32_t off = 0;

	while (off + 4 <= n) {
		uint32_t hdr;

		memcpy(&hdr, w + off, 4);
		if (TRC_HD_TO_EVENT(hdr) == TRC_LOST_RECORDS)
			s->cpu_lost[cpu]++; /* a lost-records marker, counted once each */
		count_event(s, cpu, TRC_HD_TO_EVENT(hdr));
		off += 4 + (TRC_HD_INCLUDES_CYCLE_COUNT(hdr) ? 8 : 0) + 4 * TRC_HD_EXTRA(hdr);
	}
	if (write_out(f, &change, sizeof(change), s, file) || write_out(f, w, n, s, file))
		return 1;
	return 0;
}

static int xen_drain(struct xen_bufs *b, struct summary *s, FILE *f, const char *file)
{
	for (unsigned int cpu = 0; cpu < s->nr_cpus; cpu++) {
		volatile struct t_buf *m = b->meta[cpu];
		uint32_t cons, prod, n, start, first;

		if (!m)
			continue;
		cons = m->cons;
		prod = m->prod;
		__atomic_thread_fence(__ATOMIC_ACQUIRE); /* prod before the records */
		if (cons == prod)
			continue;
		/* cons and prod run over twice the data size (Xen's convention). */
		if (cons >= 2 * b->data_size || prod >= 2 * b->data_size)
			return pvctl_err("CPU %u's trace buffer is inconsistent (cons %u, prod %u)",
					 cpu, cons, prod);
		n = prod > cons ? prod - cons : prod + 2 * b->data_size - cons;
		if (n > b->data_size)
			return pvctl_err("CPU %u's trace buffer is inconsistent (%u bytes pending)",
					 cpu, n);
		start = cons % b->data_size;
		first = n < b->data_size - start ? n : b->data_size - start;
		memcpy(b->window, (const uint8_t *)(m + 1) + start, first);
		memcpy(b->window + first, (const uint8_t *)(m + 1), n - first);
		__atomic_thread_fence(__ATOMIC_SEQ_CST); /* the records before cons */
		m->cons = prod;
		if (xen_window(s, cpu, b->window, n, f, file))
			return 1;
	}
	return 0;
}

static int xen_map(struct pvctl *h, struct xen_bufs *b, uint64_t t_info_mfn, uint32_t t_info_size,
		   unsigned int nr_cpus)
{
	xen_pfn_t *mfns;

	b->t_info_pages = (t_info_size + 4095) / 4096;
	mfns = calloc(b->t_info_pages + 1024, sizeof(*mfns));
	if (!mfns)
		return pvctl_err("out of memory");
	for (unsigned int i = 0; i < b->t_info_pages; i++)
		mfns[i] = t_info_mfn + i;
	b->t_info = pvctl_xen_frames_map(h, mfns, b->t_info_pages, false);
	if (!b->t_info)
		goto fail;
	b->pages = b->t_info->tbuf_size;
	if (!b->pages || b->pages > 1024) {
		free(mfns);
		return pvctl_err("Xen's trace buffers: %u pages per CPU", b->pages);
	}
	b->data_size = b->pages * 4096 - (uint32_t)sizeof(struct t_buf);
	b->window = malloc(b->data_size);
	if (!b->window) {
		free(mfns);
		return pvctl_err("out of memory");
	}
	for (unsigned int cpu = 0; cpu < nr_cpus; cpu++) {
		const uint32_t *list;
		uint16_t off = b->t_info->mfn_offset[cpu];

		if (!off)
			continue; /* an offline CPU has no buffer */
		if ((off + b->pages) * 4u > b->t_info_pages * 4096u) {
			free(mfns);
			return pvctl_err(
				"Xen's trace buffers: CPU %u's frame list is outside t_info", cpu);
		}
		list = (const uint32_t *)b->t_info + off;
		for (unsigned int i = 0; i < b->pages; i++)
			mfns[i] = list[i];
		b->meta[cpu] = pvctl_xen_frames_map(h, mfns, b->pages, true);
		if (!b->meta[cpu])
			goto fail;
	}
	free(mfns);
	return 0;
fail:
	free(mfns);
	return pvctl_err("%s", pvctl_error(h));
}

static void xen_unmap(struct xen_bufs *b, unsigned int nr_cpus)
{
	for (unsigned int cpu = 0; cpu < nr_cpus; cpu++)
		pvctl_xen_frames_unmap(b->meta[cpu], b->pages);
	pvctl_xen_frames_unmap(b->t_info, b->t_info_pages);
	free(b->window);
}

static int xen_tbuf(struct pvctl *h, uint32_t cmd, uint32_t evt_mask, uint32_t size,
		    struct xen_sysctl_tbuf_op *out)
{
	struct xen_sysctl_tbuf_op op;
	int rc;

	memset(&op, 0, sizeof(op));
	op.cmd = cmd;
	op.evt_mask = evt_mask;
	op.size = size;
	rc = pvctl_tbuf_op(h, &op);
	if (rc < 0)
		return rc;
	if (out)
		*out = op;
	return 0;
}

static int trace_xen(struct pvctl *h, struct summary *s, double seconds, FILE *f, const char *file)
{
	struct xen_sysctl_tbuf_op info;
	struct xen_bufs *b;
	double start, end;
	int rc = 1, e;

	b = calloc(1, sizeof(*b));
	if (!b)
		return pvctl_err("out of memory");
	s->interface = "XEN_SYSCTL_tbuf_op";
	s->xen = true;
	/* The size can be set once per boot: a refusal means buffers exist already. */
	e = xen_tbuf(h, XEN_SYSCTL_TBUFOP_set_size, 0, XEN_TBUF_PAGES, NULL);
	if (e == -ENOSYS) {
		pvctl_err("this hypervisor has neither xen-like's trace buffers "
			  "(XEN_SYSCTL_xl_tbuf_op) nor Xen's (XEN_SYSCTL_tbuf_op)");
		goto out;
	}
	if (xen_tbuf(h, XEN_SYSCTL_TBUFOP_set_cpu_mask, 0, 0, NULL) ||
	    xen_tbuf(h, XEN_SYSCTL_TBUFOP_set_evt_mask, TRC_ALL, 0, NULL) ||
	    xen_tbuf(h, XEN_SYSCTL_TBUFOP_enable, 0, 0, NULL) ||
	    xen_tbuf(h, XEN_SYSCTL_TBUFOP_get_info, 0, 0, &info)) {
		pvctl_err("%s", pvctl_error(h));
		goto out;
	}
	if (!info.buffer_mfn || !info.size) {
		pvctl_err("Xen has no trace buffers after enabling them");
		goto out_disable;
	}
	if (xen_map(h, b, info.buffer_mfn, info.size, s->nr_cpus))
		goto out_disable;
	/* What an earlier trace left behind is not this one's. */
	for (unsigned int cpu = 0; cpu < s->nr_cpus; cpu++)
		if (b->meta[cpu])
			b->meta[cpu]->cons = b->meta[cpu]->prod;
	start = now_s();
	end = start + seconds;
	while (now_s() < end) {
		sleep_ms(POLL_MS);
		if (xen_drain(b, s, f, file))
			goto out_disable;
	}
	if (xen_tbuf(h, XEN_SYSCTL_TBUFOP_disable, 0, 0, NULL)) {
		pvctl_err("%s", pvctl_error(h));
		goto out;
	}
	s->seconds = now_s() - start;
	if (xen_drain(b, s, f, file))
		goto out;
	for (unsigned int cpu = 0; cpu < s->nr_cpus; cpu++)
		s->lost += s->cpu_lost[cpu];
	rc = 0;
	goto out;
out_disable:
	xen_tbuf(h, XEN_SYSCTL_TBUFOP_disable, 0, 0, NULL);
out:
	xen_unmap(b, s->nr_cpus);
	free(b);
	return rc;
}

/* ---- the summary ---- */

static void print_summary(struct summary *s, const char *file, bool json)
{
	char name[64], ev[16];
	struct json j;

	qsort(s->ev, s->nr_ev, sizeof(s->ev[0]), by_count);
	if (json) {
		json_init(&j, stdout);
		json_object_begin(&j, NULL);
		json_string(&j, "interface", s->interface);
		json_double(&j, "seconds", s->seconds, 3);
		json_uint(&j, "records", s->records);
		json_uint(&j, "lost", s->lost);
		if (file) {
			json_string(&j, "file", file);
			json_uint(&j, "file_bytes", s->bytes);
		} else {
			json_null(&j, "file");
		}
		json_array_begin(&j, "cpus");
		for (unsigned int c = 0; c < s->nr_cpus; c++) {
			json_object_begin(&j, NULL);
			json_uint(&j, "cpu", c);
			json_uint(&j, "records", s->cpu_records[c]);
			json_uint(&j, "lost", s->cpu_lost[c]);
			json_object_end(&j);
		}
		json_array_end(&j);
		json_array_begin(&j, "events");
		for (unsigned int i = 0; i < s->nr_ev; i++) {
			event_name(s, s->ev[i].event, name, sizeof(name));
			snprintf(ev, sizeof(ev), "0x%08x", s->ev[i].event);
			json_object_begin(&j, NULL);
			json_string(&j, "event", ev);
			json_string(&j, "name", name);
			json_uint(&j, "count", s->ev[i].count);
			json_object_end(&j);
		}
		json_array_end(&j);
		json_uint(&j, "other_records", s->other);
		json_object_end(&j);
		json_finish(&j);
		return;
	}
	printf("trace: %.1f s, %u CPUs (%s): %" PRIu64 " records, %" PRIu64 " lost\n", s->seconds,
	       s->nr_cpus, s->interface, s->records, s->lost);
	for (unsigned int c = 0; c < s->nr_cpus; c++)
		printf("  cpu%-3u %10" PRIu64 " records %8" PRIu64 " lost\n", c, s->cpu_records[c],
		       s->cpu_lost[c]);
	printf("%10s  %-10s  %s\n", "records", "event", "name");
	for (unsigned int i = 0; i < s->nr_ev && i < 20; i++) {
		event_name(s, s->ev[i].event, name, sizeof(name));
		printf("%10" PRIu64 "  0x%08x  %s\n", s->ev[i].count, s->ev[i].event, name);
	}
	if (s->nr_ev > 20)
		printf("  ... %u more events\n", s->nr_ev - 20);
	if (file)
		printf("written to %s (%" PRIu64 " bytes)\n", file, s->bytes);
}

int cmd_trace(int argc, char **argv)
{
	static const struct option longs[] = {{"output", required_argument, NULL, 'o'},
					      {"time", required_argument, NULL, 't'},
					      {"json", no_argument, NULL, 'j'},
					      {0}};
	struct xen_sysctl_xl_tbuf_op info = {0};
	struct xen_sysctl_physinfo pi;
	const char *file = NULL;
	double seconds = 1.0;
	struct summary *s;
	bool json = false;
	struct pvctl h;
	FILE *f = NULL;
	int c, rc = 1;

	ctl_opts_reset();
	while ((c = ctl_next_opt(argc, argv, "+o:t:", longs, &json)) != -1) {
		switch (c) {
		case 'o':
			file = optarg;
			break;
		case 't':
			if (ctl_seconds_arg("time", 0.1, 86400, &seconds))
				return 1;
			break;
		default:
			return 1;
		}
	}
	if (optind != argc)
		return pvctl_usage();
	s = calloc(1, sizeof(*s));
	if (!s)
		return pvctl_err("out of memory");
	if (ctl_open(&h, false)) {
		free(s);
		return 1;
	}
	if (pvctl_physinfo_get(&h, &pi) < 0) {
		pvctl_err("%s", pvctl_error(&h));
		goto out;
	}
	s->nr_cpus = pi.max_cpu_id + 1 < PVCTL_MAX_CPUS ? pi.max_cpu_id + 1 : PVCTL_MAX_CPUS;
	if (file && !(f = fopen(file, "wb"))) {
		pvctl_err("cannot create %s: %s", file, strerror(errno));
		goto out;
	}
	/* xen-like answers its own op; Xen 4.17 does not know it. */
	info.cmd = XEN_SYSCTL_XL_TBUFOP_get_info;
	c = pvctl_xltbuf_op(&h, &info);
	if (c >= 0) {
		rc = trace_xl(&h, s, seconds, f, file, &info);
	} else if (c == -ENOSYS || c == -EOPNOTSUPP || c == -EINVAL) {
		rc = trace_xen(&h, s, seconds, f, file);
	} else {
		pvctl_err("%s", pvctl_error(&h));
	}
	if (f && fclose(f) && !rc)
		rc = pvctl_err("cannot write %s: %s", file, strerror(errno));
	f = NULL;
	if (!rc)
		print_summary(s, file, json);
out:
	if (f)
		fclose(f);
	pvctl_close(&h);
	free(s);
	return rc;
}
