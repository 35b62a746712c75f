#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Generate everything that derives from include/public/hypercall-list.h.

usage: gen-hypercalls.py numbers  LIST            > hypercall-nr.h
       gen-hypercalls.py dispatch LIST            > hypercall-dispatch.h
       gen-hypercalls.py guest    LIST            > hypercall-guest.h
       gen-hypercalls.py docs     LIST HEADER...  > hypercalls.md

numbers:  the public __HYPERVISOR_<name> macros (committed in
          include/public/, make check-abi checks it is up to date).
dispatch: the hypervisor's thunks (saved argument registers -> typed
          do_<name>() call) and the table indexed by hypercall number.
guest:    static inline HYPERVISOR_<name>() wrappers for guest kernels.
docs:     docs/hypercalls.md from the list and the "@op" comment blocks
          of the public headers.
The list is validated first (numbers unique and below the table size,
at most five parameters); any error stops generation with exit code 1.
"""
import os
import re
import sys

TABLE_SIZE = 64  # keep in step with HYPERCALL_TABLE_SIZE in hypercall-defs.h
MAX_ARGS = 5     # 64-bit PV passes rdi, rsi, rdx, r10, r8

LINE_RE = re.compile(r'^(HCALL|HCALL_ENOSYS)\(\s*(\d+)\s*,\s*(\w+)\s*,\s*\((.*)\)\)\s*$')
RESERVED_RE = re.compile(r'^/\*\s*(\d+):\s*([\w-]+):\s*(.*?)\s*\*/\s*$')
GUEST_PTR_RE = re.compile(r'^GUEST_PTR\((\w+)\)\s+(\w+)$')
SCALAR_RE = re.compile(r'^([\w ]+?)\s+(\w+)$')

# Handle names that are not C type names (see xen.h).
HANDLE_TYPES = {'uint': 'unsigned int', 'uchar': 'unsigned char',
                'uint8': 'uint8_t', 'uint16': 'uint16_t',
                'uint32': 'uint32_t', 'uint64': 'uint64_t'}

# The iret hypercall is jumped to with a frame on the stack, never called.
NO_GUEST_WRAPPER = {'iret'}


def die(msg):
    sys.stderr.write('gen-hypercalls: %s\n' % msg)
    sys.exit(1)


class Param:
    def __init__(self, text, where):
        m = GUEST_PTR_RE.match(text)
        if m:
            self.ptr, self.name = m.group(1), m.group(2)
            self.ctype = None
            return
        m = SCALAR_RE.match(text)
        if not m:
            die('%s: cannot parse parameter "%s"' % (where, text))
        self.ptr, self.ctype, self.name = None, m.group(1), m.group(2)

    def guest_type(self):
        if self.ptr is None:
            return self.ctype
        t, const = self.ptr, ''
        if t.startswith('const_'):
            t, const = t[len('const_'):], 'const '
        return '%s%s *' % (const, HANDLE_TYPES.get(t, t))


class Entry:
    def __init__(self, kind, nr, name, params, where):
        self.kind, self.nr, self.name = kind, nr, name
        self.params = []
        if kind in ('HCALL', 'HCALL_ENOSYS') and params.strip() != 'void':
            self.params = [Param(p.strip(), where) for p in params.split(',')]
        self.params_text = params.strip()
        if len(self.params) > MAX_ARGS:
            die('%s: %s has more than %d parameters' % (where, name, MAX_ARGS))


def parse_list(path):
    entries = []
    seen = {}
    try:
        lines = open(path).read().splitlines()
    except OSError as e:
        die(str(e))
    for i, line in enumerate(lines, 1):
        where = '%s:%d' % (path, i)
        m = LINE_RE.match(line)
        if m:
            e = Entry(m.group(1), int(m.group(2)), m.group(3), m.group(4), where)
        else:
            m = RESERVED_RE.match(line)
            if not m:
                if line.startswith('HCALL'):
                    die('%s: malformed line' % where)
                continue
            name = None if m.group(2) == '-' else m.group(2)
            e = Entry('RESERVED', int(m.group(1)), name, '', where)
            e.note = m.group(3)
        if e.nr >= TABLE_SIZE:
            die('%s: number %d does not fit the %d-entry table' % (where, e.nr, TABLE_SIZE))
        if e.nr in seen:
            die('%s: number %d already used at line %d' % (where, e.nr, seen[e.nr]))
        seen[e.nr] = i
        entries.append(e)
    names = [e.name for e in entries if e.name]
    if len(names) != len(set(names)):
        die('%s: a name is used twice' % path)
    return entries


def banner(path):
    return ('/*\n * Generated from %s by scripts/gen-hypercalls.py, do not edit.\n */\n'
            % path)


def gen_numbers(path, entries):
    out = [banner(path)]
    out.append('#ifndef __XEN_PUBLIC_HYPERCALL_NR_H__\n#define __XEN_PUBLIC_HYPERCALL_NR_H__\n\n')
    for e in sorted(entries, key=lambda e: e.nr):
        if e.kind == 'RESERVED':
            if e.name:
                out.append('#define __HYPERVISOR_%-30s %2d /* retired, reserved */\n'
                           % (e.name, e.nr))
            else:
                out.append('/* %d: never allocated, reserved */\n' % e.nr)
            continue
        note = ' /* not handled: -ENOSYS */' if e.kind == 'HCALL_ENOSYS' else ''
        out.append('#define __HYPERVISOR_%-30s %2d%s\n' % (e.name, e.nr, note))
    out.append('\n#endif /* __XEN_PUBLIC_HYPERCALL_NR_H__ */\n')
    return ''.join(out)


def gen_dispatch(path, entries):
    out = [banner(path)]
    out.append('''/*
 * Hypervisor dispatch. Before including, define:
 *   GUEST_PTR(T)               the hypervisor's guest-pointer type for T
 *   GUEST_PTR_FROM_REG(T, reg) turn a saved 64-bit register into it
 * This file declares the do_<name>() handlers, one thunk per handled
 * hypercall (casting the saved argument registers to the declared
 * types) and hypercall_table[], indexed by number; empty slots mean
 * -ENOSYS. The caller masks/bounds-checks the number before indexing.
 */
#ifndef HYPERCALL_DISPATCH_H
#define HYPERCALL_DISPATCH_H

#include <public/hypercall-defs.h>

#define HCALL HYPERCALL_PROTOTYPE_
#define HCALL_ENOSYS(nr, name, params)
#include <public/hypercall-list.h>
#undef HCALL
#undef HCALL_ENOSYS

typedef long (*hypercall_thunk_t)(const uint64_t *arg);

''')
    handled = [e for e in entries if e.kind == 'HCALL']
    for e in handled:
        args = []
        for i, p in enumerate(e.params):
            if p.ptr is not None:
                args.append('GUEST_PTR_FROM_REG(%s, arg[%d])' % (p.ptr, i))
            else:
                args.append('(%s)arg[%d]' % (p.ctype, i))
        unused = '\t(void)arg;\n' if not e.params else ''
        out.append('static long hcall_%s(const uint64_t *arg)\n{\n%s\treturn do_%s(%s);\n}\n\n'
                   % (e.name, unused, e.name, ', '.join(args)))
    out.append('static const hypercall_thunk_t hypercall_table[HYPERCALL_TABLE_SIZE] = {\n')
    for e in handled:
        out.append('\t[__HYPERVISOR_%s] = hcall_%s,\n' % (e.name, e.name))
    out.append('};\n\n')
    out.append('/* Number of arguments each hypercall takes (for tracing, poisoning). */\n')
    out.append('static const unsigned char hypercall_nargs[HYPERCALL_TABLE_SIZE] = {\n')
    for e in entries:
        if e.kind != 'RESERVED':
            out.append('\t[__HYPERVISOR_%s] = %d,\n' % (e.name, len(e.params)))
    out.append('};\n\n#endif /* HYPERCALL_DISPATCH_H */\n')
    return ''.join(out)


def gen_guest(path, entries):
    out = [banner(path)]
    out.append('''/*
 * Guest wrappers HYPERVISOR_<name>(). Before including, define the raw
 * primitives _hypercall0(nr) .. _hypercall5(nr, a1, .., a5): they make
 * hypercall nr with 64-bit arguments and return rax as a long.
 * __HYPERVISOR_iret has no wrapper: it is jumped to with a frame built
 * on the stack (see arch-x86/xen-x86_64.h, struct iret_context).
 */
#ifndef HYPERCALL_GUEST_H
#define HYPERCALL_GUEST_H

#include <public/hypercall-defs.h>

''')
    for e in entries:
        if e.kind == 'RESERVED' or e.name in NO_GUEST_WRAPPER:
            continue
        decl = ', '.join('%s%s%s' % (p.guest_type(), '' if p.guest_type().endswith('*') else ' ',
                                     p.name) for p in e.params) or 'void'
        args = ''.join(', (uint64_t)(uintptr_t)%s' % p.name if p.ptr is not None
                       else ', (uint64_t)%s' % p.name for p in e.params)
        out.append('static inline long HYPERVISOR_%s(%s)\n{\n\treturn _hypercall%d(__HYPERVISOR_%s%s);\n}\n\n'
                   % (e.name, decl, len(e.params), e.name, args))
    out.append('#endif /* HYPERCALL_GUEST_H */\n')
    return ''.join(out)


# docs ------------------------------------------------------------------

KEYS = (('INOUT ', 'INOUT'), ('IN ', 'IN'), ('OUT ', 'OUT'), ('Caller:', 'Caller:'),
        ('Errors:', 'Errors:'), ('Implemented:', 'Implemented:'))


def op_blocks(header):
    """Yield (title, [lines]) for each @op section of the header's comments."""
    text = open(header).read()
    for comment in re.findall(r'/\*(.*?)\*/', text, re.S):
        lines = [re.sub(r'^\s*\* ?', '', l).rstrip() for l in comment.splitlines()]
        cur = None
        for l in lines:
            if l.startswith('@op '):
                if cur:
                    yield cur
                cur = (l[4:].strip(), [])
            elif cur is not None:
                if not l.strip():
                    yield cur
                    cur = None
                else:
                    cur[1].append(l.strip())
        if cur:
            yield cur


def render_block(title, lines):
    items = []
    for l in lines:
        for prefix, key in KEYS:
            if l.startswith(prefix):
                items.append([key, l[len(prefix):].strip()])
                break
        else:
            if items:
                items[-1][1] += ' ' + l
            else:
                items.append(['', l])
    out = ['### %s\n\n' % title]
    para = [t for k, t in items if not k]
    if para:
        out.append(' '.join(para) + '\n\n')
    for k, t in items:
        if k in ('IN', 'OUT', 'INOUT'):
            out.append('- **%s** %s\n' % (k, t))
        elif k:
            out.append('- **%s** %s\n' % (k, t))
    out.append('\n')
    status = [t for k, t in items if k == 'Implemented:']
    if not status:
        die('@op %s: no "Implemented:" line' % title)
    for k in ('Caller:', 'Errors:'):
        if not any(kk == k for kk, _ in items):
            die('@op %s: no "%s" line' % (title, k))
    return ''.join(out)


def gen_docs(path, entries, headers):
    out = ['<!-- Generated from %s and the @op blocks of include/public/*.h\n'
           '     by scripts/gen-hypercalls.py docs; do not edit. -->\n\n' % path]
    out.append('''# Hypercalls

Every hypercall and sub-operation of the guest ABI, with its arguments,
what it does, who may call it and every error it can return. Numbers and
layouts are Xen 4.17's (`__HYPERVISOR_*` from
`include/public/hypercall-list.h`); `domctl`/`sysctl` are ours.
Errors are negative values from `include/public/errno.h`. Every
hypercall can also return `-ENOSYS` for an unknown sub-op and
`-EFAULT` when its argument cannot be read or written, even where a
block does not repeat it.

"Implemented" tracks the hypervisor: `not yet` until the issue that
implements the op flips it in the header comment.

## Table

| nr | name | parameters | handled |
|---:|------|------------|---------|
''')
    for e in sorted(entries, key=lambda e: e.nr):
        if e.kind == 'RESERVED':
            out.append('| %d | %s | | reserved: %s |\n' % (e.nr, e.name or '-', e.note))
        else:
            out.append('| %d | %s | `%s` | %s |\n'
                       % (e.nr, e.name, e.params_text,
                          'do_%s()' % e.name if e.kind == 'HCALL' else '-ENOSYS'))
    out.append('\n')
    for h in headers:
        blocks = list(op_blocks(h))
        if not blocks:
            continue
        rel = h[h.find('include/public/'):] if 'include/public/' in h else h
        out.append('## %s\n\n' % rel)
        for title, lines in blocks:
            out.append(render_block(title, lines))
    return ''.join(out)


def main(argv):
    if len(argv) < 3 or argv[1] not in ('numbers', 'dispatch', 'guest', 'docs'):
        die('usage: gen-hypercalls.py numbers|dispatch|guest|docs LIST [HEADER...]')
    path = argv[2]
    entries = parse_list(path)
    shown = 'include/public/' + os.path.basename(path)
    if argv[1] == 'numbers':
        sys.stdout.write(gen_numbers(shown, entries))
    elif argv[1] == 'dispatch':
        sys.stdout.write(gen_dispatch(shown, entries))
    elif argv[1] == 'guest':
        sys.stdout.write(gen_guest(shown, entries))
    else:
        sys.stdout.write(gen_docs(shown, entries, argv[3:]))


if __name__ == '__main__':
    main(sys.argv)
