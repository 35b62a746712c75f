// SPDX-License-Identifier: GPL-2.0-only
/*
 * Virtual disks and network interfaces (device.h). An add, in libxl's
 * order: check what the host must have (the file or block device, the
 * bridge, a disk not already written by another guest), loop-mount a
 * file, write both ends of every device in one xenstore transaction,
 * wait until each backend has probed (state InitWait), then put each
 * vif on its bridge and tell netback (hotplug-status). A remove: the
 * backend is asked to close (online 0, state Closing; forced, the
 * frontend goes first), it reaches Closed, the loop device or bridge
 * port is undone, and the three xenstore copies (frontend, backend,
 * /libxl) go with their empty parents.
 */
#include <public/io/xenbus.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if_arp.h>
#include <linux/loop.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "device.h"
#include "xs.h"

#define VBD_MAJOR 202		/* xvd */
#define ADD_TIMEOUT_MS 10000	/* libxl's LIBXL_INIT_TIMEOUT */
#define REMOVE_TIMEOUT_MS 10000 /* libxl's LIBXL_DESTROY_TIMEOUT */
#define GONE_TIMEOUT_MS 2000	/* the kernel's backend device after its directory */
#define MAX_DEVS 64 /* at a time: a domain's disks and vifs (pvctl allows 16 of each) */
#define WATCH_TOKEN "pvctl-device"
#define VIF_SCRIPT "/etc/xen/scripts/vif-bridge" /* what libxl writes; netback needs one */
#define BLOCK_SCRIPT "/etc/xen/scripts/block"
#define PATH_LEN (XENSTORE_ABS_PATH_MAX + 1)
#define DEV_PATH 128 /* a device's own directories: /local/domain/0/backend/vbd/D/N */

/* One device being added or removed: its three xenstore directories. */
struct dev {
	const char *kind; /* "vbd", "vif" */
	uint32_t devid;
	char fe[DEV_PATH], be[DEV_PATH], lib[DEV_PATH];
	char label[48];	      /* for messages: "d5 xvda", "d5 vif 0" */
	char loop[64];	      /* the loop device made for it, "" for none */
	unsigned int rdev_maj; /* the block device blkback opens */
	unsigned int rdev_min;
};

static void dev_paths(struct dev *d, uint32_t domid, const char *kind, uint32_t devid)
{
	d->kind = kind;
	d->devid = devid;
	snprintf(d->fe, sizeof(d->fe), "/local/domain/%u/device/%s/%u", domid, kind, devid);
	snprintf(d->be, sizeof(d->be), "/local/domain/0/backend/%s/%u/%u", kind, domid, devid);
	snprintf(d->lib, sizeof(d->lib), "/libxl/%u/device/%s/%u", domid, kind, devid);
}

/* --- Device numbers (libxl__device_disk_dev_number) ---------------- */

/* Letters a..z, aa.. in base 26 as libxl counts them: the disk index, *end past them. */
static int disk_letters(const char *s, const char **end)
{
	long disk = -1;

	*end = s;
	for (; *s >= 'a' && *s <= 'z'; s++) {
		disk = (disk + 1) * 26 + (*s - 'a');
		if (disk > (1 << 20))
			return -1;
	}
	*end = s;
	return (int)disk;
}

/* A partition number: none (0) or decimal without a leading zero. */
static int part_number(const char *s)
{
	char *end;
	long v;

	if (!*s)
		return 0;
	if (*s < '1' || *s > '9')
		return -1;
	v = strtol(s, &end, 10);
	return *end || v > 255 ? -1 : (int)v;
}

int pvctl_vdev_devid(const char *vdev, uint32_t *devid)
{
	const char *p;
	char *end;
	int disk, part;

	if (!strncmp(vdev, "xvd", 3) || !strncmp(vdev, "hd", 2) || !strncmp(vdev, "sd", 2)) {
		bool hd = vdev[0] == 'h', sd = vdev[0] == 's';

		disk = disk_letters(vdev + (hd || sd ? 2 : 3), &p);
		part = part_number(p);
		if (disk < 0 || part < 0)
			return -EINVAL;
		if (hd) {
			if (disk > 3 || part > 63)
				return -EINVAL;
			*devid = ((disk < 2 ? 3 : 22) << 8) | ((disk & 1) << 6) | part;
		} else if (sd) {
			if (disk > 15 || part > 15)
				return -EINVAL;
			*devid = (8 << 8) | (disk << 4) | part;
		} else if (disk < 16 && part < 16) {
			*devid = (VBD_MAJOR << 8) | (disk << 4) | part;
		} else {
			*devid = (1u << 28) | ((uint32_t)disk << 8) | part;
		}
		return 0;
	}
	if (vdev[0] == 'd' && vdev[1] >= '0' && vdev[1] <= '9') {
		long dn = strtol(vdev + 1, &end, 10), pn = 0;

		if (*end == 'p')
			pn = strtol(end + 1, &end, 10);
		if (*end || dn < 0 || dn >= (1 << 20) || pn < 0 || pn > 255)
			return -EINVAL;
		*devid = dn < 16 && pn < 16 ? (VBD_MAJOR << 8) | (dn << 4) | pn
					    : (1u << 28) | ((uint32_t)dn << 8) | pn;
		return 0;
	}
	if (vdev[0] >= '0' && vdev[0] <= '9') {
		unsigned long v = strtoul(vdev, &end, 10);

		if (*end || v > INT32_MAX)
			return -EINVAL;
		*devid = (uint32_t)v;
		return 0;
	}
	return -EINVAL;
}

/* --- Waiting for backend states ------------------------------------ */

static long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* A backend state node's value: XenbusState*, or -1 when it is missing. */
static int state_of(int rc, const char *v)
{
	return rc ? -1 : atoi(v);
}

/*
 * Waits until each device's backend state satisfies done(state) (-1: the
 * node is gone), watching the nodes; the states in st[]. 0, or -ETIMEDOUT
 * with st[] as last read.
 */
static int wait_states(struct dev *devs, unsigned int n, bool (*done)(int state), int *st,
		       int timeout_ms)
{
	static char paths[MAX_DEVS][PATH_LEN], vals[MAX_DEVS][16];
	const char *ptr[MAX_DEVS];
	int rcs[MAX_DEVS], rc = -ETIMEDOUT;
	long deadline = now_ms() + timeout_ms;

	for (unsigned int i = 0; i < n; i++) {
		snprintf(paths[i], sizeof(paths[i]), "%s/state", devs[i].be);
		ptr[i] = paths[i];
		xs_watch(paths[i], WATCH_TOKEN);
	}
	for (;;) {
		struct pollfd p = {.fd = xs_fd(), .events = POLLIN};
		char ev[PATH_LEN];
		bool all = true;
		long left;

		if (xs_read_many(ptr, n, &vals[0][0], sizeof(vals[0]), rcs)) {
			rc = -EPIPE;
			break;
		}
		for (unsigned int i = 0; i < n; i++) {
			st[i] = state_of(rcs[i], vals[i]);
			all &= done(st[i]);
		}
		if (all) {
			rc = 0;
			break;
		}
		left = deadline - now_ms();
		if (left <= 0)
			break;
		if (poll(&p, 1, (int)left) > 0 && xs_poll_input() < 0) {
			rc = -EPIPE;
			break;
		}
		while (xs_next_event(ev, sizeof(ev)))
			;
	}
	for (unsigned int i = 0; i < n; i++)
		xs_unwatch(paths[i], WATCH_TOKEN);
	return rc;
}

static bool probed(int s)
{
	return s >= XenbusStateInitWait && s <= XenbusStateConnected;
}

static bool closed(int s)
{
	return s == XenbusStateClosed || s == -1;
}

/* --- The host's side: loop devices, the bridge ---------------------- */

/* Another guest's vbd on the same file or block device, written to by either: -EBUSY. */
static int check_sharing(struct pvctl *h, const struct dev *d, const char *real, bool ro)
{
	char names[4096], domdir[64], devs[4096], p[PATH_LEN], v[PATH_MAX];
	size_t len = sizeof(names) - 1;

	if (xs_directory("/local/domain/0/backend/vbd", names, &len))
		return 0;
	names[len] = 0;
	for (char *dn = names; dn < names + len; dn += strlen(dn) + 1) {
		size_t dlen = sizeof(devs) - 1;

		snprintf(domdir, sizeof(domdir), "/local/domain/0/backend/vbd/%.16s", dn);
		if (xs_directory(domdir, devs, &dlen))
			continue;
		devs[dlen] = 0;
		for (char *n = devs; n < devs + dlen; n += strlen(n) + 1) {
			char other[PATH_MAX], mode[8] = "r";

			snprintf(p, sizeof(p), "%s/%.16s/params", domdir, n);
			if (xs_read(p, v, sizeof(v)) || !realpath(v, other) || strcmp(other, real))
				continue;
			snprintf(p, sizeof(p), "%s/%.16s/mode", domdir, n);
			xs_read(p, mode, sizeof(mode));
			if (!ro || strchr(mode, 'w'))
				return pvctl_fail(h, -EBUSY,
						  "%s: %s is already d%s's disk %s (%s); two guests "
						  "may share a disk only read-only",
						  d->label, real, dn, n, strchr(mode, 'w') ? "rw" : "ro");
		}
	}
	return 0;
}

/* Attaches file (opened as fd) to a free loop device: its name in d->loop. */
static int loop_attach(struct pvctl *h, struct dev *d, int fd, const char *real, bool ro)
{
	int ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
	int rc = -EBUSY;

	if (ctl < 0)
		return pvctl_fail(h, -errno, "%s: /dev/loop-control (is dom0's loop driver loaded?)",
				  d->label);
	/* Another process may take the free device first: then try the next. */
	for (int tries = 0; tries < 8 && rc == -EBUSY; tries++) {
		struct loop_config lc;
		struct stat st;
		int n = ioctl(ctl, LOOP_CTL_GET_FREE), lfd;

		if (n < 0) {
			rc = pvctl_fail(h, -errno, "%s: no free loop device", d->label);
			break;
		}
		snprintf(d->loop, sizeof(d->loop), "/dev/loop%d", n);
		lfd = open(d->loop, O_RDWR | O_CLOEXEC);
		if (lfd < 0) {
			rc = pvctl_fail(h, -errno, "%s: %s", d->label, d->loop);
			break;
		}
		memset(&lc, 0, sizeof(lc));
		lc.fd = (uint32_t)fd;
		lc.info.lo_flags = ro ? LO_FLAGS_READ_ONLY : 0;
		/* Shown by losetup -a: the file's name, its last 63 bytes if longer. */
		strncpy((char *)lc.info.lo_file_name,
			real + (strlen(real) >= LO_NAME_SIZE ? strlen(real) - LO_NAME_SIZE + 1 : 0),
			LO_NAME_SIZE - 1);
		if (ioctl(lfd, LOOP_CONFIGURE, &lc) == 0 && !fstat(lfd, &st)) {
			d->rdev_maj = major(st.st_rdev);
			d->rdev_min = minor(st.st_rdev);
			rc = 0;
		} else {
			rc = errno == EBUSY ? -EBUSY
					    : pvctl_fail(h, -errno, "%s: attaching %s to %s",
							 d->label, real, d->loop);
		}
		close(lfd);
	}
	close(ctl);
	if (rc)
		d->loop[0] = 0;
	if (rc == -EBUSY)
		pvctl_fail(h, rc, "%s: every free loop device was taken meanwhile", d->label);
	return rc;
}

static void loop_detach(const char *dev)
{
	int fd = open(dev, O_RDWR | O_CLOEXEC);

	/* blkback may still hold it: the kernel then frees it when it lets go. */
	if (fd >= 0) {
		ioctl(fd, LOOP_CLR_FD, 0);
		close(fd);
	}
}

/* The disk's block device for blkback: the device itself, or a loop over the file. */
static int disk_prepare(struct pvctl *h, struct dev *d, const struct pvctl_disk_spec *s)
{
	char real[PATH_MAX];
	struct stat st;
	int fd, rc;

	if (!*s->target)
		return pvctl_fail(h, -EINVAL, "%s: an empty CD-ROM drive: blkback needs a medium",
				  d->label);
	if (!realpath(s->target, real) || stat(real, &st))
		return pvctl_fail(h, -errno, "%s: %s", d->label, s->target);
	if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode))
		return pvctl_fail(h, -EINVAL, "%s: %s is neither a file nor a block device",
				  d->label, s->target);
	rc = check_sharing(h, d, real, s->readonly);
	if (rc)
		return rc;
	if (S_ISBLK(st.st_mode)) {
		d->rdev_maj = major(st.st_rdev);
		d->rdev_min = minor(st.st_rdev);
		return 0;
	}
	/* Opened as the guest will use it: a read-only file cannot be a rw disk. */
	fd = open(real, (s->readonly ? O_RDONLY : O_RDWR) | O_CLOEXEC);
	if (fd < 0)
		return pvctl_fail(h, -errno, "%s: %s (opening it %s)", d->label, s->target,
				  s->readonly ? "read-only" : "read-write; access=ro for read-only");
	rc = loop_attach(h, d, fd, real, s->readonly);
	close(fd);
	return rc;
}

static bool is_bridge(const char *name)
{
	char p[96];

	snprintf(p, sizeof(p), "/sys/class/net/%s/bridge", name);
	return !access(p, F_OK);
}

static int ifreq_op(int sock, unsigned long op, const char *name, struct ifreq *r)
{
	snprintf(r->ifr_name, IFNAMSIZ, "%s", name);
	return ioctl(sock, op, r) ? -errno : 0;
}

/*
 * vif-bridge's "online", done here: the vif down, its MAC fe:ff:ff:ff:ff:ff
 * (the guest's MAC is its own end's), the bridge's MTU, onto the bridge,
 * up; the MTU to the frontend and hotplug-status=connected for netback.
 */
static int vif_online(struct pvctl *h, struct dev *d, uint32_t domid, const char *bridge)
{
	char vif[IFNAMSIZ], err[128] = "";
	struct ifreq r;
	int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), rc = 0, mtu;

	snprintf(vif, sizeof(vif), "vif%u.%u", domid, d->devid);
	if (sock < 0)
		return pvctl_fail(h, -errno, "%s: socket", d->label);
	memset(&r, 0, sizeof(r));
	if ((rc = ifreq_op(sock, SIOCGIFFLAGS, vif, &r))) {
		snprintf(err, sizeof(err), "netback made no %s", vif);
		goto out;
	}
	r.ifr_flags &= ~IFF_UP;
	if ((rc = ifreq_op(sock, SIOCSIFFLAGS, vif, &r))) {
		snprintf(err, sizeof(err), "setting %s down", vif);
		goto out;
	}
	memset(&r, 0, sizeof(r));
	r.ifr_hwaddr.sa_family = ARPHRD_ETHER;
	memset(r.ifr_hwaddr.sa_data, 0xff, 6);
	r.ifr_hwaddr.sa_data[0] = (char)0xfe;
	if ((rc = ifreq_op(sock, SIOCSIFHWADDR, vif, &r))) {
		snprintf(err, sizeof(err), "setting %s's MAC address", vif);
		goto out;
	}
	memset(&r, 0, sizeof(r));
	if ((rc = ifreq_op(sock, SIOCGIFMTU, bridge, &r))) {
		snprintf(err, sizeof(err), "reading bridge %s's MTU", bridge);
		goto out;
	}
	mtu = r.ifr_mtu;
	if ((rc = ifreq_op(sock, SIOCSIFMTU, vif, &r))) {
		snprintf(err, sizeof(err), "setting %s's MTU to %d", vif, mtu);
		goto out;
	}
	memset(&r, 0, sizeof(r));
	r.ifr_ifindex = (int)if_nametoindex(vif);
	if (!r.ifr_ifindex || (rc = ifreq_op(sock, SIOCBRADDIF, bridge, &r))) {
		rc = rc ?: -ENODEV;
		snprintf(err, sizeof(err), "adding %s to bridge %s", vif, bridge);
		goto out;
	}
	memset(&r, 0, sizeof(r));
	if (!(rc = ifreq_op(sock, SIOCGIFFLAGS, vif, &r))) {
		r.ifr_flags |= IFF_UP;
		rc = ifreq_op(sock, SIOCSIFFLAGS, vif, &r);
	}
	if (rc) {
		snprintf(err, sizeof(err), "setting %s up", vif);
		goto out;
	}
	if ((rc = xs_writef(d->fe, "mtu", "%d", mtu)) ||
	    (rc = xs_writef(d->be, "hotplug-status", "connected")))
		snprintf(err, sizeof(err), "writing hotplug-status");
out:
	close(sock);
	if (rc) {
		/* As the script's fatal(): netback and xl read these. */
		xs_writef(d->be, "hotplug-error", "%s: %s", err, strerror(-rc));
		xs_writef(d->be, "hotplug-status", "error");
		return pvctl_fail(h, rc, "%s: %s", d->label, err);
	}
	return 0;
}

/* vif-bridge's "offline": off the bridge and down, if netback has not removed it yet. */
static void vif_offline(uint32_t domid, uint32_t devid)
{
	char vif[IFNAMSIZ], master[128], p[96];
	int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	struct ifreq r;
	ssize_t n;

	if (sock < 0)
		return;
	snprintf(vif, sizeof(vif), "vif%u.%u", domid, devid);
	memset(&r, 0, sizeof(r));
	if (!ifreq_op(sock, SIOCGIFFLAGS, vif, &r)) {
		r.ifr_flags &= ~IFF_UP;
		ifreq_op(sock, SIOCSIFFLAGS, vif, &r);
	}
	snprintf(p, sizeof(p), "/sys/class/net/%s/master", vif);
	n = readlink(p, master, sizeof(master) - 1);
	if (n > 0) {
		master[n] = 0;
		memset(&r, 0, sizeof(r));
		r.ifr_ifindex = (int)if_nametoindex(vif);
		if (r.ifr_ifindex)
			ifreq_op(sock, SIOCBRDELIF, strrchr(master, '/') + 1, &r);
	}
	close(sock);
}

/* --- xenstore: both ends, as libxl__device_generic_add ------------- */

static int write_common(const struct dev *d, uint32_t domid, const char *const *fe_perms,
			const char *const *be_perms)
{
	int rc;

	if ((rc = xs_writef(d->lib, "frontend", "%s", d->fe)) ||
	    (rc = xs_writef(d->lib, "backend", "%s", d->be)) ||
	    (rc = xs_mknode(d->fe, fe_perms, 2)) || (rc = xs_writef(d->fe, "backend", "%s", d->be)) ||
	    (rc = xs_writef(d->fe, "backend-id", "0")) || (rc = xs_writef(d->fe, "state", "1")) ||
	    (rc = xs_mknode(d->be, be_perms, 2)) ||
	    (rc = xs_writef(d->be, "frontend", "%s", d->fe)) ||
	    (rc = xs_writef(d->be, "frontend-id", "%u", domid)) ||
	    (rc = xs_writef(d->be, "online", "1")) || (rc = xs_writef(d->be, "state", "1")))
		return rc;
	return 0;
}

/* Writes dir/key = value, and the same under /libxl (libxl keeps the backend's keys there). */
static int be_write(const struct dev *d, const char *key, const char *value)
{
	char p[PATH_LEN];
	int rc;

	snprintf(p, sizeof(p), "%s/%s", d->be, key);
	rc = xs_write(p, value);
	snprintf(p, sizeof(p), "%s/%s", d->lib, key);
	return rc ?: xs_write(p, value);
}

static int write_vbd(const struct dev *d, uint32_t domid, const struct pvctl_disk_spec *s,
		     const char *const *fe_perms, const char *const *be_perms)
{
	char physdev[24];
	int rc = write_common(d, domid, fe_perms, be_perms);

	snprintf(physdev, sizeof(physdev), "%x:%x", d->rdev_maj, d->rdev_min);
	if (rc || (rc = be_write(d, "params", s->target)) ||
	    (rc = be_write(d, "script", BLOCK_SCRIPT)) || (rc = be_write(d, "removable", "0")) ||
	    (rc = be_write(d, "bootable", "1")) || (rc = be_write(d, "dev", s->vdev)) ||
	    (rc = be_write(d, "type", "phy")) || (rc = be_write(d, "mode", s->readonly ? "r" : "w")) ||
	    (rc = be_write(d, "device-type", s->cdrom ? "cdrom" : "disk")) ||
	    (rc = be_write(d, "discard-enable", s->readonly ? "0" : "1")) ||
	    (rc = be_write(d, "specification", "xen")) ||
	    (rc = xs_writef(d->fe, "virtual-device", "%u", d->devid)) ||
	    (rc = xs_writef(d->fe, "device-type", "%s", s->cdrom ? "cdrom" : "disk")) ||
	    (rc = xs_writef(d->fe, "trusted", "1")) ||
	    (rc = xs_writef(d->fe, "protocol", "x86_64-abi")))
		return rc;
	/* What the block script would write once the device exists: blkback opens it. */
	if ((d->loop[0] && (rc = xs_writef(d->be, "node", "%s", d->loop))) ||
	    (rc = xs_writef(d->be, "physical-device", "%s", physdev)) ||
	    (rc = xs_writef(d->be, "physical-device-path", "%s", d->loop[0] ? d->loop : s->target)) ||
	    (rc = xs_writef(d->be, "hotplug-status", "connected")))
		return rc;
	return 0;
}

static int write_vif(const struct dev *d, uint32_t domid, const struct pvctl_nic_spec *s,
		     const char *const *fe_perms, const char *const *be_perms)
{
	char handle[16], p[PATH_LEN];
	const char *ro[2] = {"n0", be_perms[1]};
	int rc = write_common(d, domid, fe_perms, be_perms);

	snprintf(handle, sizeof(handle), "%u", d->devid);
	if (rc || (rc = be_write(d, "script", s->script && *s->script ? s->script : VIF_SCRIPT)) ||
	    (rc = be_write(d, "mac", s->mac)) ||
	    (s->ip && *s->ip && (rc = be_write(d, "ip", s->ip))) ||
	    (rc = be_write(d, "bridge", s->bridge && *s->bridge ? s->bridge : PVCTL_DEFAULT_BRIDGE)) ||
	    (rc = be_write(d, "handle", handle)) || (rc = be_write(d, "type", "vif")) ||
	    (rc = xs_writef(d->be, "hotplug-status", "%s", "")) ||
	    (rc = xs_writef(d->fe, "handle", "%s", handle)) ||
	    (rc = xs_writef(d->fe, "mac", "%s", s->mac)) || (rc = xs_writef(d->fe, "trusted", "1")))
		return rc;
	/* The guest reads its MTU but may not change it (libxl's ro_front). */
	snprintf(p, sizeof(p), "%s/mtu", d->fe);
	if ((rc = xs_write(p, "1500")) || (rc = xs_set_perms(p, ro, 2)))
		return rc;
	return 0;
}

/* --- Add ------------------------------------------------------------ */

static bool exists(const char *path)
{
	char v[PATH_MAX];

	return xs_read(path, v, sizeof(v)) != -ENOENT;
}

static int random_mac(char *mac)
{
	unsigned char r[3];

	if (pvctl_random(r, sizeof(r)))
		return -EIO;
	snprintf(mac, 18, "00:16:3e:%02x:%02x:%02x", r[0] & 0x7f, r[1], r[2]);
	return 0;
}

/* Undoes the hotplug and xenstore of devs[0..n), whatever state they reached. */
static void undo(struct pvctl *h, uint32_t domid, struct dev *devs, unsigned int n);

int pvctl_nic_next_devid(struct pvctl *h, uint32_t domid, uint32_t *devid)
{
	char dir[64], names[4096];
	size_t len = sizeof(names) - 1;
	long next = 0;

	(void)h;
	snprintf(dir, sizeof(dir), "/libxl/%u/device/vif", domid);
	if (!xs_directory(dir, names, &len)) {
		names[len] = 0;
		for (char *n = names; n < names + len; n += strlen(n) + 1)
			if (atol(n) >= next)
				next = atol(n) + 1;
	}
	*devid = (uint32_t)next;
	return 0;
}

/* Every device's entries in one transaction, retried while the daemon says EAGAIN. */
static int write_devices(struct pvctl *h, uint32_t domid, struct dev *devs,
			 const struct pvctl_disk_spec *disks, unsigned int nr_disks,
			 const struct pvctl_nic_spec *nics)
{
	char own[16], rd[16];
	const char *fe_perms[2] = {own, "r0"}, *be_perms[2] = {"n0", rd};
	int rc;

	snprintf(own, sizeof(own), "n%u", domid);
	snprintf(rd, sizeof(rd), "r%u", domid);
	for (int tries = 0; tries < 20; tries++) {
		rc = xs_transaction_start();
		if (rc)
			return pvctl_fail(h, rc, "d%u: xenstore transaction start", domid);
		/* What an earlier domain with this id left (missing is fine: not in the batch). */
		for (unsigned int i = 0; devs[i].kind; i++) {
			xs_rm(devs[i].lib);
			xs_rm(devs[i].fe);
			xs_rm(devs[i].be);
		}
		xs_batch_begin();
		for (unsigned int i = 0; i < nr_disks; i++)
			rc = rc ?: write_vbd(&devs[i], domid, &disks[i], fe_perms, be_perms);
		for (unsigned int i = nr_disks; devs[i].kind; i++)
			rc = rc ?: write_vif(&devs[i], domid, &nics[i - nr_disks], fe_perms, be_perms);
		rc = xs_batch_end() ?: rc;
		if (rc) {
			xs_transaction_end(false);
			return pvctl_fail(h, rc, "d%u: writing its devices' xenstore entries", domid);
		}
		rc = xs_transaction_end(true);
		if (rc != -EAGAIN)
			break;
	}
	return rc ? pvctl_fail(h, rc, "d%u: committing its devices' xenstore entries", domid) : 0;
}

/* A backend that did not probe: what its driver said, and what to check. */
static int probe_failed(struct pvctl *h, uint32_t domid, const struct dev *d, int state)
{
	char p[PATH_LEN], why[256] = "";

	snprintf(p, sizeof(p), "/local/domain/0/error/backend/%s/%u/%u/error", d->kind, domid,
		 d->devid);
	xs_read(p, why, sizeof(why));
	if (state < XenbusStateInitWait)
		return pvctl_fail(h, -ETIMEDOUT,
				  "%s: dom0's %s did not take the device in %d s (is it loaded?)",
				  d->label, !strcmp(d->kind, "vbd") ? "xen-blkback" : "xen-netback",
				  ADD_TIMEOUT_MS / 1000);
	return pvctl_fail(h, -EIO, "%s: the backend closed (state %d)%s%s", d->label, state,
			  *why ? ": " : "", why);
}

int pvctl_devices_add(struct pvctl *h, uint32_t domid, const struct pvctl_disk_spec *disks,
		      unsigned int nr_disks, struct pvctl_nic_spec *nics, unsigned int nr_nics,
		      const uint32_t *nic_devids)
{
	static struct dev devs[MAX_DEVS + 1]; /* the last stays empty: the end */
	unsigned int n = nr_disks + nr_nics, made = 0;
	int st[MAX_DEVS], rc = 0;

	if (!n)
		return 0;
	if (n > MAX_DEVS)
		return pvctl_fail(h, -E2BIG, "d%u: %u devices, at most %d", domid, n, MAX_DEVS);
	memset(devs, 0, sizeof(devs));
	/* Everything the host must have, checked (and disks loop-mounted) before xenstore. */
	for (unsigned int i = 0; i < nr_disks && !rc; i++) {
		uint32_t devid;

		if (pvctl_vdev_devid(disks[i].vdev, &devid)) {
			rc = pvctl_fail(h, -EINVAL, "d%u: \"%s\" is not a virtual disk name", domid,
					disks[i].vdev);
			break;
		}
		dev_paths(&devs[i], domid, "vbd", devid);
		snprintf(devs[i].label, sizeof(devs[i].label), "d%u %s", domid, disks[i].vdev);
		rc = exists(devs[i].lib) ? pvctl_fail(h, -EEXIST, "%s: d%u has a disk %u already",
						      devs[i].label, domid, devid)
					 : disk_prepare(h, &devs[i], &disks[i]);
		made += !rc;
	}
	for (unsigned int i = 0; i < nr_nics && !rc; i++) {
		struct dev *d = &devs[nr_disks + i];
		const char *br = nics[i].bridge && *nics[i].bridge ? nics[i].bridge
								   : PVCTL_DEFAULT_BRIDGE;

		dev_paths(d, domid, "vif", nic_devids ? nic_devids[i] : i);
		snprintf(d->label, sizeof(d->label), "d%u vif %u", domid, d->devid);
		if (!nics[i].mac[0] && random_mac(nics[i].mac))
			rc = pvctl_fail(h, -EIO, "%s: cannot read /dev/urandom for a MAC", d->label);
		else if (!is_bridge(br))
			rc = pvctl_fail(h, -ENODEV,
					"%s: dom0 has no bridge %s (make one: ip link add %s type "
					"bridge; ip link set %s up)",
					d->label, br, br, br);
		else if (exists(d->lib))
			rc = pvctl_fail(h, -EEXIST, "%s: d%u has a vif %u already", d->label, domid,
					d->devid);
	}
	if (rc) {
		/* Only disks' loop devices exist yet. */
		for (unsigned int i = 0; i < made; i++)
			if (devs[i].loop[0])
				loop_detach(devs[i].loop);
		return rc;
	}
	rc = write_devices(h, domid, devs, disks, nr_disks, nics);
	if (!rc) {
		pvctl_note(h, "d%u: %u device(s) written to xenstore", domid, n);
		rc = wait_states(devs, n, probed, st, ADD_TIMEOUT_MS);
		for (unsigned int i = 0; i < n && rc; i++)
			if (!probed(st[i]))
				rc = probe_failed(h, domid, &devs[i], st[i]);
		if (rc == -EPIPE)
			pvctl_fail(h, rc, "d%u: the xenstore daemon went away", domid);
	}
	if (!rc)
		pvctl_note(h, "d%u: the backends probed", domid);
	for (unsigned int i = 0; i < nr_nics && !rc; i++)
		rc = vif_online(h, &devs[nr_disks + i], domid,
				nics[i].bridge && *nics[i].bridge ? nics[i].bridge
								  : PVCTL_DEFAULT_BRIDGE);
	if (rc) {
		char err[PVCTL_ERR_MAX];

		snprintf(err, sizeof(err), "%s", pvctl_error(h));
		undo(h, domid, devs, n);
		pvctl_fail(h, 0, "%s", err);
	} else if (nr_nics) {
		pvctl_note(h, "d%u: %u vif(s) on their bridges", domid, nr_nics);
	}
	return rc;
}

/* --- Remove --------------------------------------------------------- */

/* Removes path, then each parent left empty (no value, no children), as libxl. */
static void path_cleanup(const char *path)
{
	char p[PATH_LEN], v[8], names[8];
	char *slash;

	snprintf(p, sizeof(p), "%s", path);
	if (xs_rm(p))
		return;
	while ((slash = strrchr(p, '/')) && slash != p) {
		size_t len = sizeof(names);

		*slash = 0;
		if (xs_read(p, v, sizeof(v)) || v[0] || xs_directory(p, names, &len) || len)
			break;
		if (xs_rm(p))
			break;
	}
}

/* The device's paths as its /libxl record names them (a device xl made too). */
static void dev_from_record(struct dev *d, uint32_t domid, const char *kind, uint32_t devid)
{
	char p[PATH_LEN];

	dev_paths(d, domid, kind, devid);
	snprintf(d->label, sizeof(d->label), "d%u %s %u", domid, kind, devid);
	snprintf(p, sizeof(p), "%s/frontend", d->lib);
	xs_read(p, d->fe, sizeof(d->fe));
	snprintf(p, sizeof(p), "%s/backend", d->lib);
	xs_read(p, d->be, sizeof(d->be));
}

/* Asks each backend to close (forced: removes the frontend first), in one transaction each. */
static void close_backends(struct dev *devs, unsigned int n, bool force)
{
	for (unsigned int i = 0; i < n; i++) {
		for (int tries = 0; tries < 20; tries++) {
			char p[PATH_LEN], v[16];
			int rc;

			if (xs_transaction_start())
				break;
			if (force)
				xs_rm(devs[i].fe);
			snprintf(p, sizeof(p), "%s/state", devs[i].be);
			rc = xs_read(p, v, sizeof(v));
			if (!rc) {
				xs_writef(devs[i].be, "online", "0");
				if (atoi(v) != XenbusStateClosed)
					xs_writef(devs[i].be, "state", "%d", XenbusStateClosing);
			}
			if (xs_transaction_end(true) != -EAGAIN)
				break;
		}
	}
}

/* The closed devices' hotplug undone and their entries removed; the kernel's device gone. */
static void finish_remove(uint32_t domid, struct dev *devs, unsigned int n)
{
	long deadline;

	for (unsigned int i = 0; i < n; i++) {
		struct dev *d = &devs[i];
		char p[PATH_LEN], node[64];

		if (!strcmp(d->kind, "vbd")) {
			snprintf(p, sizeof(p), "%s/node", d->be);
			if (!d->loop[0] && !xs_read(p, node, sizeof(node)) &&
			    !strncmp(node, "/dev/loop", 9))
				snprintf(d->loop, sizeof(d->loop), "%s", node);
			if (d->loop[0])
				loop_detach(d->loop);
		} else {
			vif_offline(domid, d->devid);
		}
		path_cleanup(d->fe);
		path_cleanup(d->lib);
		path_cleanup(d->be);
	}
	/* A device made again at once must not meet the old one still closing. */
	deadline = now_ms() + GONE_TIMEOUT_MS;
	for (unsigned int i = 0; i < n; i++) {
		char p[96];

		snprintf(p, sizeof(p), "/sys/bus/xen-backend/devices/%s-%u-%u", devs[i].kind, domid,
			 devs[i].devid);
		while (!access(p, F_OK) && now_ms() < deadline)
			usleep(5000);
	}
}

static void undo(struct pvctl *h, uint32_t domid, struct dev *devs, unsigned int n)
{
	int st[MAX_DEVS];

	(void)h;
	close_backends(devs, n, true);
	wait_states(devs, n, closed, st, REMOVE_TIMEOUT_MS);
	finish_remove(domid, devs, n);
}

int pvctl_device_remove(struct pvctl *h, uint32_t domid, const char *kind, uint32_t devid,
			bool force)
{
	struct dev d;
	char v[8];
	int st, rc;

	memset(&d, 0, sizeof(d));
	dev_from_record(&d, domid, kind, devid);
	if (xs_read(d.lib, v, sizeof(v)) == -ENOENT)
		return pvctl_fail(h, -ENOENT, "d%u has no %s %u", domid, kind, devid);
	close_backends(&d, 1, force);
	rc = wait_states(&d, 1, closed, &st, REMOVE_TIMEOUT_MS);
	if (rc && !force)
		return pvctl_fail(h, -EBUSY,
				  "%s: the guest did not let go of it in %d s (state %d; is it "
				  "mounted or in use?); -f forces it",
				  d.label, REMOVE_TIMEOUT_MS / 1000, st);
	finish_remove(domid, &d, 1);
	return 0;
}

/* The devices /libxl/D/device/<kind> records, into devs: how many. */
static unsigned int recorded(uint32_t domid, const char *kind, struct dev *devs, unsigned int max)
{
	char dir[64], names[4096];
	size_t len = sizeof(names) - 1;
	unsigned int n = 0;

	snprintf(dir, sizeof(dir), "/libxl/%u/device/%s", domid, kind);
	if (xs_directory(dir, names, &len))
		return 0;
	names[len] = 0;
	for (char *p = names; p < names + len && n < max; p += strlen(p) + 1) {
		memset(&devs[n], 0, sizeof(devs[n]));
		dev_from_record(&devs[n++], domid, kind, (uint32_t)strtoul(p, NULL, 10));
	}
	return n;
}

int pvctl_devices_destroy(struct pvctl *h, uint32_t domid)
{
	static struct dev devs[MAX_DEVS];
	unsigned int n = recorded(domid, "vbd", devs, MAX_DEVS);
	int st[MAX_DEVS], rc;

	n += recorded(domid, "vif", devs + n, MAX_DEVS - n);
	if (!n)
		return 0;
	close_backends(devs, n, true);
	rc = wait_states(devs, n, closed, st, REMOVE_TIMEOUT_MS);
	if (rc)
		pvctl_note(h, "d%u: a backend did not close in %d s; removing it anyway", domid,
			   REMOVE_TIMEOUT_MS / 1000);
	finish_remove(domid, devs, n);
	pvctl_note(h, "d%u: %u device(s) removed", domid, n);
	return 0;
}

/* --- List ----------------------------------------------------------- */

enum { L_BE_STATE, L_FE_STATE, L_EVTCHN, L_RING, L_TX, L_RX, L_WHAT, L_NR };

int pvctl_device_list(struct pvctl *h, uint32_t domid, const char *kind,
		      struct pvctl_device_info *out, unsigned int max)
{
	static struct dev devs[MAX_DEVS];
	static char paths[L_NR][PATH_LEN], vals[L_NR][PATH_MAX];
	unsigned int n = 0, got = 0;

	(void)h;
	if (!kind || !strcmp(kind, "vbd"))
		n += recorded(domid, "vbd", devs + n, MAX_DEVS);
	if (!kind || !strcmp(kind, "vif"))
		n += recorded(domid, "vif", devs + n, MAX_DEVS - n);
	for (unsigned int i = 0; i < n && got < max; i++) {
		struct pvctl_device_info *o = &out[got++];
		const struct dev *d = &devs[i];
		const char *ptr[L_NR];
		int rcs[L_NR];

		snprintf(paths[L_BE_STATE], PATH_LEN, "%s/state", d->be);
		snprintf(paths[L_FE_STATE], PATH_LEN, "%s/state", d->fe);
		snprintf(paths[L_EVTCHN], PATH_LEN, "%s/event-channel", d->fe);
		snprintf(paths[L_RING], PATH_LEN, "%s/ring-ref", d->fe);
		snprintf(paths[L_TX], PATH_LEN, "%s/tx-ring-ref", d->fe);
		snprintf(paths[L_RX], PATH_LEN, "%s/rx-ring-ref", d->fe);
		snprintf(paths[L_WHAT], PATH_LEN, "%s/%s", d->be,
			 !strcmp(d->kind, "vbd") ? "params" : "mac");
		for (int k = 0; k < L_NR; k++)
			ptr[k] = paths[k];
		if (xs_read_many(ptr, L_NR, &vals[0][0], PATH_MAX, rcs))
			return pvctl_fail(h, -EPIPE, "the xenstore daemon went away");
		memset(o, 0, sizeof(*o));
		snprintf(o->kind, sizeof(o->kind), "%s", d->kind);
		o->devid = d->devid;
		o->be_state = state_of(rcs[L_BE_STATE], vals[L_BE_STATE]);
		o->fe_state = state_of(rcs[L_FE_STATE], vals[L_FE_STATE]);
		o->evtchn = rcs[L_EVTCHN] ? -1 : atoi(vals[L_EVTCHN]);
		if (!strcmp(d->kind, "vbd"))
			snprintf(o->rings, sizeof(o->rings), "%.31s", rcs[L_RING] ? "-1" : vals[L_RING]);
		else
			snprintf(o->rings, sizeof(o->rings), "%.15s/%.15s", rcs[L_TX] ? "-1" : vals[L_TX],
				 rcs[L_RX] ? "-1" : vals[L_RX]);
		snprintf(o->what, sizeof(o->what), "%s", rcs[L_WHAT] ? "" : vals[L_WHAT]);
		snprintf(o->be_path, sizeof(o->be_path), "%s", d->be);
	}
	return (int)got;
}
