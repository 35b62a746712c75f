/* SPDX-License-Identifier: MIT */
/*
 * Virtual TPM frontend/backend protocol. Version 2 (tpmif_shared_page)
 * is one shared page: the frontend writes a command after the header
 * (and any extra pages), sets state to SUBMIT and notifies; the backend
 * writes the response in place and sets FINISH. The tx ring of version
 * 1 is kept for its layout.
 */
#ifndef __XEN_PUBLIC_IO_TPMIF_H__
#define __XEN_PUBLIC_IO_TPMIF_H__

#include "../grant_table.h"

#ifndef __ASSEMBLY__
/* Version 1. */
struct tpmif_tx_request {
	unsigned long addr; /* machine address of the data page */
	grant_ref_t ref;    /* grant of that page */
	uint16_t unused;
	uint16_t size;      /* bytes of data */
};
typedef struct tpmif_tx_request tpmif_tx_request_t;

typedef uint32_t TPMIF_RING_IDX;

#define TPMIF_TX_RING_SIZE 1

struct tpmif_ring {
	struct tpmif_tx_request req;
};
typedef struct tpmif_ring tpmif_ring_t;

struct tpmif_tx_interface {
	struct tpmif_ring ring[TPMIF_TX_RING_SIZE];
};
typedef struct tpmif_tx_interface tpmif_tx_interface_t;

/* Version 2: tpmif_shared_page.state. */
enum tpmif_state {
	TPMIF_STATE_IDLE,   /* no command */
	TPMIF_STATE_SUBMIT, /* frontend: a command is ready */
	TPMIF_STATE_FINISH, /* backend: the response is ready */
	TPMIF_STATE_CANCEL, /* frontend: abandon the command */
};

struct tpmif_shared_page {
	uint32_t length;         /* bytes of command or response */
	uint8_t state;           /* enum tpmif_state */
	uint8_t locality;        /* TPM locality of the command */
	uint8_t pad;
	uint8_t nr_extra_pages;  /* grants in extra_pages[] */
	__extension__ uint32_t extra_pages[]; /* grants of further data pages */
};
typedef struct tpmif_shared_page tpmif_shared_page_t;
#endif /* !__ASSEMBLY__ */

#endif /* __XEN_PUBLIC_IO_TPMIF_H__ */
