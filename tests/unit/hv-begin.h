/* SPDX-License-Identifier: GPL-2.0-only */
/* Rename hypervisor library functions before including hypervisor sources (see unit.h). */
#define memcpy xl_memcpy
#define memmove xl_memmove
#define memset xl_memset
#define memcmp xl_memcmp
#define strlen xl_strlen
#define strnlen xl_strnlen
#define strcmp xl_strcmp
#define strncmp xl_strncmp
#define strchr xl_strchr
#define strrchr xl_strrchr
#define strstr xl_strstr
#define strlcpy xl_strlcpy
#define strlcat xl_strlcat
#define vsnprintf xl_vsnprintf
#define snprintf xl_snprintf
#define scnprintf xl_scnprintf
#define printk xl_printk
#define vprintk xl_vprintk
#define panic xl_panic
