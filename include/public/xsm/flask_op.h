/* SPDX-License-Identifier: MIT */
/*
 * FLASK_*: the sub-ops of __HYPERVISOR_xsm_op for the FLASK security
 * module (load a policy, query and set enforcement, translate security
 * contexts, label devices). xen-like has no XSM and answers xsm_op with
 * -ENOSYS; the interface is here so that toolstack code built against
 * Xen's headers compiles.
 *
 * The one idea: a security context is a string; the hypervisor hands
 * out a 32-bit SID for it, and every other op speaks SIDs.
 */
#ifndef __FLASK_OP_H__
#define __FLASK_OP_H__

#include "../event_channel.h"

#define XEN_FLASK_INTERFACE_VERSION 1

#ifndef __ASSEMBLY__
/* FLASK_LOAD: a binary policy. */
struct xen_flask_load {
	XEN_GUEST_HANDLE(char) buffer;
	uint32_t size;
};
typedef struct xen_flask_load xen_flask_load_t;

/* FLASK_SETENFORCE / FLASK_GETENFORCE. */
struct xen_flask_setenforce {
	uint32_t enforcing; /* 0 permissive, 1 enforcing */
};
typedef struct xen_flask_setenforce xen_flask_setenforce_t;

/* FLASK_CONTEXT_TO_SID (context IN, sid OUT) and the reverse. */
struct xen_flask_sid_context {
	uint32_t sid;
	uint32_t size; /* IN: buffer size; OUT: context length */
	XEN_GUEST_HANDLE(char) context;
};
typedef struct xen_flask_sid_context xen_flask_sid_context_t;

/* FLASK_ACCESS: may ssid do req to tsid of class tclass? */
struct xen_flask_access {
	uint32_t ssid;        /* IN */
	uint32_t tsid;        /* IN */
	uint32_t tclass;      /* IN */
	uint32_t req;         /* IN: requested permissions */
	uint32_t allowed;     /* OUT */
	uint32_t audit_allow; /* OUT */
	uint32_t audit_deny;  /* OUT */
	uint32_t seqno;       /* OUT: policy sequence number */
};
typedef struct xen_flask_access xen_flask_access_t;

/* FLASK_CREATE, FLASK_RELABEL, FLASK_MEMBER: the SID a transition gives. */
struct xen_flask_transition {
	uint32_t ssid;   /* IN */
	uint32_t tsid;   /* IN */
	uint32_t tclass; /* IN */
	uint32_t newsid; /* OUT */
};
typedef struct xen_flask_transition xen_flask_transition_t;

#if __XEN_INTERFACE_VERSION__ < 0x00040800
/* FLASK_USER (retired): the SIDs a user may reach. */
struct xen_flask_userlist {
	uint32_t start_sid; /* IN */
	uint32_t size;      /* IN: sids room; OUT: sids found */
	union {
		XEN_GUEST_HANDLE(char) user;     /* IN */
		XEN_GUEST_HANDLE(uint32) sids;   /* OUT */
	} u;
};
#endif

/* FLASK_GETBOOL / FLASK_SETBOOL: a policy boolean, by id or by name. */
struct xen_flask_boolean {
	uint32_t bool_id;  /* IN/OUT; -1 means "look it up by name" */
	uint8_t enforcing; /* OUT: value in force */
	uint8_t pending;   /* OUT: value set but not committed */
	uint8_t new_value; /* IN (set) */
	uint8_t commit;    /* IN (set): commit at once */
	uint32_t size;     /* IN/OUT: name length */
	XEN_GUEST_HANDLE(char) name;
};
typedef struct xen_flask_boolean xen_flask_boolean_t;

/* FLASK_SETAVC_THRESHOLD / FLASK_GETAVC_THRESHOLD. */
struct xen_flask_setavc_threshold {
	uint32_t threshold;
};
typedef struct xen_flask_setavc_threshold xen_flask_setavc_threshold_t;

/* FLASK_AVC_HASHSTATS (OUT). */
struct xen_flask_hash_stats {
	uint32_t entries;
	uint32_t buckets_used;
	uint32_t buckets_total;
	uint32_t max_chain_len;
};
typedef struct xen_flask_hash_stats xen_flask_hash_stats_t;

/* FLASK_AVC_CACHESTATS: one CPU's counters. */
struct xen_flask_cache_stats {
	uint32_t cpu; /* IN */
	uint32_t lookups;
	uint32_t hits;
	uint32_t misses;
	uint32_t allocations;
	uint32_t reclaims;
	uint32_t frees;
};
typedef struct xen_flask_cache_stats xen_flask_cache_stats_t;

/* FLASK_ADD_OCONTEXT / FLASK_DEL_OCONTEXT: label a resource range. */
struct xen_flask_ocontext {
	uint32_t ocon;       /* OCON_* of the policy: pirq, ioport, iomem... */
	uint32_t sid;
	uint64_t low, high;  /* inclusive range */
};
typedef struct xen_flask_ocontext xen_flask_ocontext_t;

/* FLASK_GET_PEER_SID: the SID of the domain at the other end of a port. */
struct xen_flask_peersid {
	evtchn_port_t evtchn; /* IN */
	uint32_t sid;         /* OUT */
};
typedef struct xen_flask_peersid xen_flask_peersid_t;

/* FLASK_RELABEL_DOMAIN. */
struct xen_flask_relabel {
	uint32_t domid;
	uint32_t sid;
};
typedef struct xen_flask_relabel xen_flask_relabel_t;

/* FLASK_DEVICETREE_LABEL: label a device-tree node (Arm). */
struct xen_flask_devicetree_label {
	uint32_t sid;    /* IN; 0 removes the label */
	uint32_t length;
	XEN_GUEST_HANDLE(char) path;
};
typedef struct xen_flask_devicetree_label xen_flask_devicetree_label_t;

struct xen_flask_op {
	uint32_t cmd;
#define FLASK_LOAD              1
#define FLASK_GETENFORCE        2
#define FLASK_SETENFORCE        3
#define FLASK_CONTEXT_TO_SID    4
#define FLASK_SID_TO_CONTEXT    5
#define FLASK_ACCESS            6
#define FLASK_CREATE            7
#define FLASK_RELABEL           8
#define FLASK_USER              9 /* retired */
#define FLASK_POLICYVERS        10
#define FLASK_GETBOOL           11
#define FLASK_SETBOOL           12
#define FLASK_COMMITBOOLS       13
#define FLASK_MLS               14
#define FLASK_DISABLE           15 /* retired */
#define FLASK_GETAVC_THRESHOLD  16
#define FLASK_SETAVC_THRESHOLD  17
#define FLASK_AVC_HASHSTATS     18
#define FLASK_AVC_CACHESTATS    19
#define FLASK_MEMBER            20
#define FLASK_ADD_OCONTEXT      21
#define FLASK_DEL_OCONTEXT      22
#define FLASK_GET_PEER_SID      23
#define FLASK_RELABEL_DOMAIN    24
#define FLASK_DEVICETREE_LABEL  25
	uint32_t interface_version; /* XEN_FLASK_INTERFACE_VERSION */
	union {
		xen_flask_load_t load;
		xen_flask_setenforce_t enforce;
		xen_flask_sid_context_t sid_context;
		xen_flask_access_t access;
		xen_flask_transition_t transition;
#if __XEN_INTERFACE_VERSION__ < 0x00040800
		struct xen_flask_userlist userlist;
#endif
		xen_flask_boolean_t boolean;
		xen_flask_setavc_threshold_t setavc_threshold;
		xen_flask_hash_stats_t hash_stats;
		xen_flask_cache_stats_t cache_stats;
		xen_flask_ocontext_t ocontext;
		xen_flask_peersid_t peersid;
		xen_flask_relabel_t relabel;
		xen_flask_devicetree_label_t devicetree_label;
	} u;
};
typedef struct xen_flask_op xen_flask_op_t;
DEFINE_XEN_GUEST_HANDLE(xen_flask_op_t);
#endif /* !__ASSEMBLY__ */

#endif /* __FLASK_OP_H__ */
