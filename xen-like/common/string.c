// SPDX-License-Identifier: GPL-2.0-only
/*
 * Freestanding string and memory routines. GCC may emit calls to
 * memcpy/memset/memmove/memcmp itself, so these must exist under exactly
 * these names.
 */
#include <xen/lib.h>
#include <xen/string.h>

/*
 * Quadwords, then the tail bytes: a page copy (grant copy, COPY_PAGE)
 * is 512 iterations, not 4096. Forward only, so memmove may use it when
 * the destination is below the source.
 */
void *memcpy(void *dst, const void *src, size_t n)
{
	void *ret = dst;
	size_t q = n / 8, b = n % 8;

	__asm__ __volatile__("rep movsq\n\t"
			     "mov %[b], %%rcx\n\t"
			     "rep movsb"
			     : "+D"(dst), "+S"(src), "+c"(q)
			     : [b] "r"(b)
			     : "memory");
	return ret;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

/* Quadwords of the byte repeated, then the tail bytes (as memcpy). */
void *memset(void *s, int c, size_t n)
{
	void *ret = s;
	uint64_t v = 0x0101010101010101ULL * (uint8_t)c;
	size_t q = n / 8, b = n % 8;

	__asm__ __volatile__("rep stosq\n\t"
			     "mov %[b], %%rcx\n\t"
			     "rep stosb"
			     : "+D"(s), "+c"(q)
			     : "a"(v), [b] "r"(b)
			     : "memory");
	return ret;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return p - s;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			break;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

char *strstr(const char *h, const char *n)
{
	size_t ln = strlen(n);

	for (; *h; h++)
		if (!strncmp(h, n, ln))
			return (char *)h;
	return ln ? NULL : (char *)h;
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len >= size ? size - 1 : len;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

size_t strlcat(char *dst, const char *src, size_t size)
{
	size_t dlen = strnlen(dst, size);

	if (dlen == size)
		return size + strlen(src);
	return dlen + strlcpy(dst + dlen, src, size - dlen);
}
