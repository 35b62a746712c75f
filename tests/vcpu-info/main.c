// SPDX-License-Identifier: GPL-2.0-only
/*
 * Per-vCPU state areas. Behaviour under test (the same on Xen 4.17):
 * - VCPUOP_register_runstate_memory_area fills the area at once (state
 *   running, a past state_entry_time); VCPUOP_get_runstate_info also
 *   counts the current stretch; time spent in SCHEDOP_block shows up as
 *   blocked time, and the area is rewritten when the vCPU blocks and
 *   runs again; with VMASST_TYPE_runstate_update_flag the update bit is
 *   clear whenever the guest looks; an address in the hypervisor's hole
 *   is -EFAULT;
 * - VCPUOP_register_vcpu_info refuses offsets that are misaligned or
 *   leave no room (-ENXIO), frames that are not the guest's own or are
 *   page tables (-EINVAL); a good one copies the old contents (upcall
 *   mask), marks every selector bit and the upcall pending, carries a
 *   valid pvclock that continues the old one, and from then on receives
 *   events and time while the shared_info copy stays frozen; a second
 *   registration is -EINVAL;
 * - VCPUOP_register_vcpu_time_memory_area fills a guest copy of the
 *   pvclock.
 */
#include <framework.h>
#include <guest/event.h>
#include <guest/time.h>
#include <public/errno.h>
#include <public/event_channel.h>
#include <public/sched.h>
#include <public/vcpu.h>

const char test_title[] = "runstate area, register_vcpu_info, vcpu time area";

#define MS 1000000ULL

static struct vcpu_runstate_info runstate_area __attribute__((aligned(64)));
static uint8_t vi_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static vcpu_time_info_t time_area __attribute__((aligned(64)));
static evtchn_port_t timer_port, ipi_port;

static long singleshot(uint64_t deadline)
{
	struct vcpu_set_singleshot_timer sst = { .timeout_abs_ns = deadline };

	return HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, &sst);
}

/* Block until the timer's event, @ms from now. */
static void block_ms(uint64_t ms)
{
	uint32_t before = evtchn_count[timer_port];
	uint64_t end = pvclock_read() + ms * MS;

	singleshot(end);
	while (evtchn_count[timer_port] == before)
		HYPERVISOR_sched_op(SCHEDOP_block, NULL);
	events_disable();
}

static uint64_t total(const struct vcpu_runstate_info *r)
{
	return r->time[0] + r->time[1] + r->time[2] + r->time[3];
}

static void test_runstate(void)
{
	struct vcpu_register_runstate_memory_area area = { .addr.p = (uint64_t)(uintptr_t)&runstate_area };
	struct vcpu_runstate_info r1, r2;
	uint64_t now, entry;

	check_long("vm_assist runstate_update_flag", 0,
		   HYPERVISOR_vm_assist(VMASST_CMD_enable, VMASST_TYPE_runstate_update_flag));
	if (!check_long("register_runstate_memory_area", 0,
			HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 0, &area)))
		return;
	now = pvclock_read();
	entry = runstate_area.state_entry_time;
	check_long("runstate area: state", RUNSTATE_running, runstate_area.state);
	if (entry & XEN_RUNSTATE_UPDATE)
		xtf_failure("runstate area: update flag left set");
	if (!entry || entry > now)
		xtf_failure("runstate area: state_entry_time expected in (0, %llu], got %llu",
			    (unsigned long long)now, (unsigned long long)entry);

	check_long("get_runstate_info", 0, HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0, &r1));
	check_long("get_runstate_info: state", RUNSTATE_running, r1.state);
	/* The area holds time up to state_entry_time; get_runstate_info up to now. */
	if (r1.time[RUNSTATE_running] <= runstate_area.time[RUNSTATE_running] ||
	    total(&r1) <= total(&runstate_area))
		xtf_failure("get_runstate_info: expected the current stretch counted (running %llu, "
			    "area %llu)", (unsigned long long)r1.time[RUNSTATE_running],
			    (unsigned long long)runstate_area.time[RUNSTATE_running]);

	block_ms(20);
	check_long("get_runstate_info after blocking", 0,
		   HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0, &r2));
	if (r2.time[RUNSTATE_blocked] - r1.time[RUNSTATE_blocked] < 15 * MS)
		xtf_failure("blocked time: expected >= 15 ms more after a 20 ms block, got %llu us",
			    (unsigned long long)((r2.time[RUNSTATE_blocked] -
						  r1.time[RUNSTATE_blocked]) / 1000));
	check_long("runstate area after blocking: state", RUNSTATE_running, runstate_area.state);
	if (runstate_area.state_entry_time <= entry)
		xtf_failure("runstate area: expected rewritten after blocking, entry time unchanged");
	if (runstate_area.state_entry_time & XEN_RUNSTATE_UPDATE)
		xtf_failure("runstate area: update flag left set after blocking");
	if (runstate_area.time[RUNSTATE_blocked] < 15 * MS)
		xtf_failure("runstate area: expected >= 15 ms blocked, got %llu us",
			    (unsigned long long)(runstate_area.time[RUNSTATE_blocked] / 1000));
	printk("runstate: running %llu us, runnable %llu us, blocked %llu us, offline %llu us\n",
	       (unsigned long long)(r2.time[0] / 1000), (unsigned long long)(r2.time[1] / 1000),
	       (unsigned long long)(r2.time[2] / 1000), (unsigned long long)(r2.time[3] / 1000));

	check_long("get_runstate_info of missing vcpu 1", -XEN_ENOENT,
		   HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 1, &r1));
	area.addr.p = 0xffff830000000000ULL; /* the hypervisor's direct map */
	check_long("runstate area in the hypervisor hole", -XEN_EFAULT,
		   HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 0, &area));
}

static long register_vi(uint64_t mfn, uint32_t offset)
{
	struct vcpu_register_vcpu_info info = { .mfn = mfn, .offset = offset };

	return HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 0, &info);
}

static void test_vcpu_info(void)
{
	uint64_t mfn = virt_to_mfn(vi_page), old_time, t0;
	vcpu_info_t *old = &shared_info()->vcpu_info[0];
	vcpu_info_t *vi = (vcpu_info_t *)(vi_page + 64);
	uint32_t before;

	check_long("register_vcpu_info offset 4033 (no room)", -XEN_ENXIO,
		   register_vi(mfn, PAGE_SIZE - sizeof(vcpu_info_t) + 8));
	check_long("register_vcpu_info offset 4 (misaligned)", -XEN_ENXIO, register_vi(mfn, 4));
	check_long("register_vcpu_info on frame 0 (not ours)", -XEN_EINVAL, register_vi(0, 0));
	check_long("register_vcpu_info on our L4 (a page table)", -XEN_EINVAL,
		   register_vi(virt_to_mfn((void *)start_info->pt_base), 0));
	check_long("register_vcpu_info on missing vcpu 1", -XEN_ENOENT,
		   HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 1,
				      &(struct vcpu_register_vcpu_info){ .mfn = mfn }));

	events_disable();
	t0 = pvclock_read();
	memset(vi_page, 0xa5, sizeof(vi_page));
	if (!check_long("register_vcpu_info at offset 64", 0, register_vi(mfn, 64)))
		return;
	check_long("new vcpu_info: upcall mask copied", 1, vi->evtchn_upcall_mask);
	check_long("new vcpu_info: upcall pending", 1, vi->evtchn_upcall_pending);
	check_u64("new vcpu_info: every selector bit", ~0ULL, vi->evtchn_pending_sel);
	if (vi->time.version & 1)
		xtf_failure("new vcpu_info: pvclock version odd");
	if (pvclock_read_info(&vi->time) < t0)
		xtf_failure("new vcpu_info: pvclock behind the old one");
	if (vi_page[63] != 0xa5 || vi_page[64 + sizeof(*vi)] != 0xa5)
		xtf_failure("register_vcpu_info wrote outside its 64 bytes");
	check_long("register_vcpu_info again", -XEN_EINVAL, register_vi(mfn, 128));

	evtchn_set_vcpu_info(vi);
	old_time = old->time.system_time;
	/* The spurious upcall the registration asked for, then a real one. */
	events_enable();
	before = evtchn_count[ipi_port];
	evtchn_send(ipi_port);
	check_long("IPI through the new vcpu_info", before + 1, evtchn_count[ipi_port]);
	block_ms(5);
	if (old->time.system_time != old_time)
		xtf_failure("shared_info's vcpu_info: expected frozen after the move, time changed");
	if (pvclock_read() < t0 + 5 * MS)
		xtf_failure("pvclock from the new vcpu_info: expected >= 5 ms later");
}

static void test_time_area(void)
{
	struct vcpu_register_time_memory_area area = { .addr.p = (uint64_t)(uintptr_t)&time_area };
	uint64_t a, b;

	if (!check_long("register_vcpu_time_memory_area", 0,
			HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_time_memory_area, 0, &area)))
		return;
	if (!time_area.version || (time_area.version & 1) || !time_area.tsc_to_system_mul)
		xtf_failure("time area: expected a filled pvclock, got version %u mul %u",
			    time_area.version, time_area.tsc_to_system_mul);
	a = pvclock_read_info(&time_area);
	b = pvclock_read();
	if (a > b + MS || b > a + MS)
		xtf_failure("time area: expected within 1 ms of the pvclock, got %llu vs %llu",
			    (unsigned long long)a, (unsigned long long)b);
	area.addr.p = 0;
	check_long("unregister the time area", 0,
		   HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_time_memory_area, 0, &area));
}

void test_main(void)
{
	if (!check_long("evtchn_init", 0, evtchn_init()) ||
	    !check_long("bind_virq VIRQ_TIMER", 0, evtchn_bind_virq(VIRQ_TIMER, 0, &timer_port)) ||
	    !check_long("bind_ipi", 0, evtchn_bind_ipi(0, &ipi_port)))
		return;
	check_long("stop_periodic_timer", 0,
		   HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL));
	test_runstate();
	test_time_area();
	test_vcpu_info();
	events_disable();
	xtf_success(NULL);
}
