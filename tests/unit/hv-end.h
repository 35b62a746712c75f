/* SPDX-License-Identifier: GPL-2.0-only */
/* Back to the C library's names for the test code itself (see unit.h). */
#undef memcpy
#undef memmove
#undef memset
#undef memcmp
#undef strlen
#undef strnlen
#undef strcmp
#undef strncmp
#undef strchr
#undef strrchr
#undef strstr
#undef strlcpy
#undef strlcat
#undef vsnprintf
#undef snprintf
#undef scnprintf
#undef printk
#undef vprintk
#undef panic
