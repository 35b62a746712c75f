#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""
xen-diff.py: prove include/public/ is a drop-in for Xen 4.17's public
headers, with Debian's copy (/usr/include/xen, package libxen-dev) as the
oracle. Part of make check-abi (include/public/public.mk).

The one idea: compile the same one-line translation unit against each
tree ("#include <stdint.h>" then the header) and compare what the
compiler itself saw, not what the text says:
  - every struct and union (by tag, or by typedef name when anonymous):
    its size and its ordered member list, anonymous members flattened,
    each member's name, offset and size (bit offset/size for bitfields),
    read from the DWARF of "gcc -g -fno-eliminate-unused-debug-types";
  - every typedef: present, same size;
  - every enumerator: same value;
  - every macro (gcc -dM): object-like ones compared by value when they
    are integer constant expressions (a generated program prints both
    sides' values), otherwise by their expansion with blanks removed;
    function-like ones by their number of parameters.
Xen's definitions must all be present and equal in ours; ours may have
more. Each header is compiled in three modes: as a toolstack
(__XEN_TOOLS__), as a guest of the newest interface and as a guest that
names no interface (level 0, Xen's default). Where Xen's header has an
assembly section, ours must also build as assembly (-D__ASSEMBLY__).

The header list is Xen's tree less what tests/abi/scope.txt leaves out;
scope.txt also holds the few reasoned waivers.

usage: xen-diff.py [--xen DIR] [--ours DIR] [--scope FILE] [--out DIR]
                   [--cc CC] [-v] [header.h ...]
Exit 0 when everything matches, 1 on any difference, 2 on a setup error.
"""
import argparse
import os
import re
import subprocess
import sys

MODES = {
    "tools": ["-D__XEN_TOOLS__"],
    "guest": ["-D__XEN_INTERFACE_VERSION__=0x00040e00"],
    "legacy": [],
}
CFLAGS = ["-std=gnu11", "-g", "-fno-eliminate-unused-debug-types", "-w"]


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, **kw)


# ----------------------------------------------------------------------------
# Scope: which of Xen's headers we cover, and the waivers.

def read_scope(path):
    """Sections "[out]", "[excluded-for-now]", "[waive]" of scope.txt."""
    sec, out = None, {"out": [], "excluded-for-now": [], "exists-only": [], "waive": []}
    with open(path) as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            m = re.match(r"^\[(.*)\]$", line)
            if m:
                sec = m.group(1)
                continue
            out[sec].append(line)
    return out


def in_scope(xen_root, scope):
    """Xen's headers, less every "out" or "excluded-for-now" pattern."""
    skip = scope["out"] + scope["excluded-for-now"]
    hdrs = []
    for d, _, files in os.walk(xen_root):
        for f in files:
            if not f.endswith(".h"):
                continue
            rel = os.path.relpath(os.path.join(d, f), xen_root)
            if any(rel == p or (p.endswith("/") and rel.startswith(p))
                   for p in skip):
                continue
            hdrs.append(rel)
    return sorted(hdrs)


# ----------------------------------------------------------------------------
# DWARF, read from readelf's dump.

DIE_RE = re.compile(r"^\s*<(\d+)><([0-9a-f]+)>: Abbrev Number: \d+ \((DW_TAG_\w+)\)")
ATTR_RE = re.compile(r"^\s*<[0-9a-f]+>\s+(DW_AT_\w+)\s*:\s*(.*)$")


class Die:
    __slots__ = ("off", "tag", "attrs", "children", "parent")

    def __init__(self, off, tag, parent):
        self.off, self.tag, self.attrs = off, tag, {}
        self.children, self.parent = [], parent

    def name(self):
        v = self.attrs.get("DW_AT_name")
        if v is None:
            return None
        return v.rsplit("): ", 1)[-1].strip() if v.startswith("(") else v.strip()

    def num(self, at):
        v = self.attrs.get(at)
        if v is None:
            return None
        v = v.split()[0]
        try:
            return int(v, 0)
        except ValueError:
            return None

    def ref(self):
        v = self.attrs.get("DW_AT_type")
        m = re.search(r"<0x([0-9a-f]+)>", v or "")
        return int(m.group(1), 16) if m else None


def read_dwarf(obj):
    res = run(["readelf", "--debug-dump=info", "-W", obj])
    if res.returncode:
        raise SystemExit("xen-diff: readelf failed on %s" % obj)
    dies, stack, roots, cur = {}, [], [], None
    for line in res.stdout.splitlines():
        m = DIE_RE.match(line)
        if m:
            depth, off, tag = int(m.group(1)), int(m.group(2), 16), m.group(3)
            while len(stack) > depth:
                stack.pop()
            parent = stack[-1] if stack else None
            cur = Die(off, tag, parent)
            dies[off] = cur
            if parent:
                parent.children.append(cur)
            else:
                roots.append(cur)
            stack.append(cur)
            continue
        m = ATTR_RE.match(line)
        if m and cur is not None:
            # "-W" prefixes each value with its form: "(data1) 0", "(string) p",
            # "(strp) (offset: 0x1f): name".
            v = re.sub(r"^\((?:data\d+|sdata|udata|string|strp|line_strp|strx\d*|ref\d+|"
                       r"implicit_const|flag_present|sec_offset|exprloc|block\d*)\)\s*",
                       "", m.group(2))
            cur.attrs[m.group(1)] = v
        elif "Abbrev Number: 0" in line and stack:
            stack.pop()
    return dies, roots


def type_size(dies, off, seen=0):
    d = dies.get(off)
    if d is None or seen > 50:
        return None
    if d.tag in ("DW_TAG_base_type", "DW_TAG_structure_type", "DW_TAG_union_type",
                 "DW_TAG_enumeration_type", "DW_TAG_pointer_type"):
        s = d.num("DW_AT_byte_size")
        return 8 if s is None and d.tag == "DW_TAG_pointer_type" else s
    if d.tag in ("DW_TAG_typedef", "DW_TAG_const_type", "DW_TAG_volatile_type",
                 "DW_TAG_atomic_type", "DW_TAG_restrict_type"):
        r = d.ref()
        return type_size(dies, r, seen + 1) if r is not None else None
    if d.tag == "DW_TAG_array_type":
        n = 1
        for c in d.children:
            if c.tag != "DW_TAG_subrange_type":
                continue
            if "DW_AT_count" in c.attrs:
                n *= c.num("DW_AT_count") or 0
            elif "DW_AT_upper_bound" in c.attrs:
                n *= (c.num("DW_AT_upper_bound") or 0) + 1
            else:
                n = 0  # flexible array
        es = type_size(dies, d.ref(), seen + 1)
        return None if es is None else n * es
    return None


def strip_cv(dies, off):
    d = dies.get(off)
    while d is not None and d.tag in ("DW_TAG_const_type", "DW_TAG_volatile_type"):
        d = dies.get(d.ref())
    return d


def members(dies, agg, prefix="", base=0):
    """Ordered (name, offset, size) of agg's members, anonymous ones flattened."""
    out = []
    for m in agg.children:
        if m.tag != "DW_TAG_member":
            continue
        off = base + (m.num("DW_AT_data_member_location") or 0)
        size = type_size(dies, m.ref())
        name = m.name()
        bits = m.num("DW_AT_bit_size")
        t = strip_cv(dies, m.ref())
        if name is None:
            if t is not None and t.tag in ("DW_TAG_structure_type", "DW_TAG_union_type"):
                out += members(dies, t, prefix, off)
            continue
        if bits is not None:
            bo = m.num("DW_AT_data_bit_offset")
            out.append((prefix + name, "bit%s:%s" % (bo, bits)))
        else:
            out.append((prefix + name, "%s+%s" % (off, size)))
        if t is not None and t.tag in ("DW_TAG_structure_type", "DW_TAG_union_type") \
                and t.name() is None:
            out += members(dies, t, prefix + name + ".", off)
    return out


def collect_types(obj):
    """Aggregates, typedefs and enumerators defined in one object file."""
    dies, roots = read_dwarf(obj)
    aggs, tdefs, enums = {}, {}, {}
    named_by_typedef = {}
    for d in roots:
        for cu in [d] + d.children:
            if cu.tag == "DW_TAG_typedef" and cu.name():
                t = strip_cv(dies, cu.ref()) if cu.ref() is not None else None
                tdefs[cu.name()] = type_size(dies, cu.ref()) if cu.ref() is not None else None
                if t is not None and t.tag in ("DW_TAG_structure_type", "DW_TAG_union_type") \
                        and t.name() is None:
                    named_by_typedef.setdefault(t.off, cu.name())
    for d in dies.values():
        if d.tag in ("DW_TAG_structure_type", "DW_TAG_union_type"):
            if "DW_AT_declaration" in d.attrs:
                continue
            kind = "struct" if d.tag == "DW_TAG_structure_type" else "union"
            if d.name():
                key = "%s %s" % (kind, d.name())
            elif d.off in named_by_typedef:
                key = "typedef %s" % named_by_typedef[d.off]
            else:
                continue
            aggs[key] = (d.num("DW_AT_byte_size"), members(dies, d))
        elif d.tag == "DW_TAG_enumerator":
            enums[d.name()] = d.num("DW_AT_const_value")
    return aggs, tdefs, enums


# ----------------------------------------------------------------------------
# Macros.

DEF_RE = re.compile(r"^#define (\w+)(\([^)]*\))?(?: (.*))?$")


def macros(cc, flags, src):
    res = run([cc] + flags + ["-E", "-dM", "-x", "c", "-"], input=src)
    if res.returncode:
        return None
    out = {}
    for line in res.stdout.splitlines():
        m = DEF_RE.match(line)
        if m:
            params = m.group(2)
            out[m.group(1)] = (None if params is None else
                               len([p for p in params[1:-1].split(",") if p.strip()]),
                               m.group(3) or "")
    return out


def expand(cc, flags, src, names):
    """Each object-like macro's full expansion, blanks removed."""
    # The marker is a number: a macro name there would be expanded too.
    body = src + "".join("\n@@%d@@ %s\n" % (i, n) for i, n in enumerate(names))
    res = run([cc] + flags + ["-E", "-P", "-x", "c", "-"], input=body)
    out = {}
    for line in res.stdout.splitlines():
        m = re.match(r"^@@(\d+)@@(.*)$", line)
        if m:
            out[names[int(m.group(1))]] = re.sub(r"\s+", "", m.group(2))
    if len(out) != len(names):
        raise SystemExit("xen-diff: preprocessing the macro list failed")
    return out


def values(cc, flags, src, names, workdir, tag):
    """Values of the macros that are integer constant expressions."""
    names = list(names)
    for _ in range(6):
        lines = [src, "#include <stdio.h>", "int main(void)", "{"]
        first = len("\n".join(lines).splitlines()) + 1
        for n in names:
            lines.append('\tprintf("%%s %%llu\\n", "%s", (unsigned long long)(%s) + 0ULL * '
                         'sizeof(char[1 + 0 * (%s)]));' % (n, n, n))
        lines += ["\treturn 0;", "}"]
        c = os.path.join(workdir, tag + "-values.c")
        exe = os.path.join(workdir, tag + "-values")
        with open(c, "w") as f:
            f.write("\n".join(lines) + "\n")
        res = run([cc] + flags + ["-Wno-error", "-w", "-fmax-errors=0", c, "-o", exe])
        if res.returncode == 0:
            break
        bad = set()
        for m in re.finditer(r"%s:(\d+):\d+: error" % re.escape(c), res.stderr):
            ln = int(m.group(1)) - first
            if 0 <= ln < len(names):
                bad.add(ln)
        if not bad:
            return {}
        names = [n for i, n in enumerate(names) if i not in bad]
    else:
        return {}
    res = run([exe])
    out = {}
    for line in res.stdout.splitlines():
        n, v = line.rsplit(" ", 1)
        out[n] = int(v)
    return out


# ----------------------------------------------------------------------------

class Report:
    def __init__(self, waivers, verbose):
        self.bad, self.count, self.log = [], {}, []
        self.waivers = waivers
        self.used = set()
        self.verbose = verbose

    def waived(self, what):
        for w in self.waivers:
            pat = w.split(None, 1)[0]
            if re.fullmatch(pat, what):
                self.used.add(w)
                return True
        return False

    def ok(self, kind, what):
        self.count[kind] = self.count.get(kind, 0) + 1
        self.log.append("ok       %s %s" % (kind, what))

    def fail(self, kind, what, msg):
        self.count[kind] = self.count.get(kind, 0) + 1
        if self.waived(what):
            self.log.append("waived   %s %s: %s" % (kind, what, msg))
            self.count["waived"] = self.count.get("waived", 0) + 1
            return
        self.bad.append("xen-diff: %s %s: %s" % (kind, what, msg))
        self.log.append("MISMATCH %s %s: %s" % (kind, what, msg))


def build(cc, flags, src, obj):
    res = run([cc] + flags + ["-c", "-x", "c", "-", "-o", obj], input=src)
    return res.returncode == 0, res.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--xen", default="/usr/include/xen")
    ap.add_argument("--ours", default="include/public")
    ap.add_argument("--scope", default="tests/abi/scope.txt")
    ap.add_argument("--out", default="build/abi/xen-diff")
    ap.add_argument("--cc", default="gcc")
    ap.add_argument("-v", action="store_true")
    ap.add_argument("headers", nargs="*")
    a = ap.parse_args()

    if not os.path.isfile(os.path.join(a.xen, "xen.h")):
        print("xen-diff: %s/xen.h missing (apt-get install libxen-dev)" % a.xen,
              file=sys.stderr)
        return 2
    scope = read_scope(a.scope)
    hdrs = a.headers or in_scope(a.xen, scope)
    os.makedirs(a.out, exist_ok=True)
    rep = Report(scope["waive"], a.v)
    xen_inc = os.path.dirname(os.path.abspath(a.xen))
    ours_dir = os.path.abspath(a.ours)
    seen = {}

    for h in hdrs:
        if not os.path.isfile(os.path.join(ours_dir, h)):
            rep.fail("header", h, "missing from %s" % a.ours)
            continue
        rep.ok("header", h)
        if h in scope["exists-only"]:
            rep.log.append("exists   %s (not compared: see scope.txt)" % h)
            continue
        # Assembly: where Xen's builds as assembly, ours must too.
        asm = "#include \"%s\"\n"
        xa = run([a.cc, "-D__ASSEMBLY__", "-x", "assembler-with-cpp", "-c", "-", "-o",
                  os.devnull], input=asm % os.path.join(os.path.abspath(a.xen), h))
        if xa.returncode == 0:
            oa = run([a.cc, "-D__ASSEMBLY__", "-x", "assembler-with-cpp", "-c", "-", "-o",
                      os.devnull], input=asm % os.path.join(ours_dir, h))
            if oa.returncode:
                rep.fail("assembly", h, "builds with -D__ASSEMBLY__ in Xen's tree, not in ours: "
                         + oa.stderr.strip().splitlines()[-1])
            else:
                rep.ok("assembly", h)
        for mode, mflags in MODES.items():
            flags = CFLAGS + mflags
            tag = "%s.%s" % (h.replace("/", "_"), mode)
            pre = "#include <stdint.h>\n"
            xsrc = pre + "#include \"%s\"\n" % os.path.join(os.path.abspath(a.xen), h)
            osrc = pre + "#include \"%s\"\n" % os.path.join(ours_dir, h)
            xobj = os.path.join(a.out, tag + ".xen.o")
            oobj = os.path.join(a.out, tag + ".ours.o")
            okx, _ = build(a.cc, flags, xsrc, xobj)
            if not okx:
                # Some of Xen's headers need xen.h first; give both the same.
                pre = "#include <stdint.h>\n#include \"%s\"\n"
                xsrc = pre % os.path.join(os.path.abspath(a.xen), "xen.h") + xsrc.split("\n", 1)[1]
                osrc = pre % os.path.join(ours_dir, "xen.h") + osrc.split("\n", 1)[1]
                okx, err = build(a.cc, flags, xsrc, xobj)
                if not okx:
                    rep.log.append("skip     %s (%s): Xen's header does not build: %s"
                                   % (h, mode, err.strip().splitlines()[-1] if err else ""))
                    continue
            oko, err = build(a.cc, flags, osrc, oobj)
            if not oko:
                rep.fail("build", "%s(%s)" % (h, mode), "ours does not compile: " +
                         " | ".join(l for l in err.splitlines() if "error" in l)[:400])
                continue
            compare_types(rep, a, h, mode, flags, xobj, oobj, seen)
            compare_macros(rep, a, h, mode, flags, xsrc, osrc, seen)

    with open(os.path.join(a.out, "log.txt"), "w") as f:
        f.write("\n".join(rep.log) + "\n")
    for w in scope["waive"]:
        if w not in rep.used:
            rep.bad.append("xen-diff: waiver matches nothing, remove it: %s" % w)
    for b in rep.bad:
        print(b)
    c = rep.count
    print("xen-diff: %d headers x %d modes; compared %d structs/unions (%d members), "
          "%d typedefs, %d enumerators, %d macros (%d by value, %d by text, %d function-like), "
          "%d assembly builds; %d waived, %d mismatches"
          % (c.get("header", 0), len(MODES), c.get("struct", 0), c.get("member", 0),
             c.get("typedef", 0), c.get("enum", 0),
             c.get("macro-value", 0) + c.get("macro-text", 0) + c.get("macro-fn", 0),
             c.get("macro-value", 0), c.get("macro-text", 0), c.get("macro-fn", 0),
             c.get("assembly", 0), c.get("waived", 0), len(rep.bad)))
    print("xen-diff: details in %s" % os.path.join(a.out, "log.txt"))
    return 1 if rep.bad else 0


BASE_TYPES = {}


def base_types(a, flags):
    """Types the prelude alone defines (<stdint.h>): not the headers'."""
    key = tuple(flags)
    if key not in BASE_TYPES:
        obj = os.path.join(a.out, "prelude.%d.o" % len(BASE_TYPES))
        build(a.cc, flags, "#include <stdint.h>\n", obj)
        BASE_TYPES[key] = collect_types(obj)
    return BASE_TYPES[key]


def compare_types(rep, a, h, mode, flags, xobj, oobj, seen):
    ba, bt, be = base_types(a, flags)
    xa, xt, xe = collect_types(xobj)
    oa, ot, oe = collect_types(oobj)
    xa = {k: v for k, v in xa.items() if k not in ba}
    xt = {k: v for k, v in xt.items() if k not in bt}
    xe = {k: v for k, v in xe.items() if k not in be}
    for key, (size, mem) in sorted(xa.items()):
        k = ("agg", mode, key)
        if k in seen:
            continue
        seen[k] = True
        what = "%s(%s)" % (key, mode)
        if key not in oa:
            rep.fail("struct", what, "missing (first seen via %s)" % h)
            continue
        osize, omem = oa[key]
        rep.count["member"] = rep.count.get("member", 0) + len(mem)
        if size != osize:
            rep.fail("struct", what, "size: Xen %s, ours %s" % (size, osize))
        elif mem != omem:
            xs = ["%s@%s" % m for m in mem]
            os_ = ["%s@%s" % m for m in omem]
            i = next((i for i in range(min(len(xs), len(os_))) if xs[i] != os_[i]),
                     min(len(xs), len(os_)))
            rep.fail("struct", what, "members differ from #%d: Xen %s, ours %s"
                     % (i, " ".join(xs[i:i + 3]) or "(end)", " ".join(os_[i:i + 3]) or "(end)"))
        else:
            rep.ok("struct", what)
    for name, size in sorted(xt.items()):
        k = ("typedef", mode, name)
        if k in seen:
            continue
        seen[k] = True
        what = "%s(%s)" % (name, mode)
        if name not in ot:
            rep.fail("typedef", what, "missing (via %s)" % h)
        elif size != ot[name]:
            rep.fail("typedef", what, "size: Xen %s, ours %s" % (size, ot[name]))
        else:
            rep.ok("typedef", what)
    for name, v in sorted(xe.items()):
        k = ("enum", mode, name)
        if k in seen:
            continue
        seen[k] = True
        what = "%s(%s)" % (name, mode)
        if name not in oe:
            rep.fail("enum", what, "missing (via %s)" % h)
        elif v != oe[name]:
            rep.fail("enum", what, "Xen %s, ours %s" % (v, oe[name]))
        else:
            rep.ok("enum", what)


BASE_CACHE = {}


def compare_macros(rep, a, h, mode, flags, xsrc, osrc, seen):
    key = tuple(flags)
    if key not in BASE_CACHE:
        BASE_CACHE[key] = macros(a.cc, flags, "#include <stdint.h>\n#include <stdio.h>\n") or {}
    base = BASE_CACHE[key]
    xm = macros(a.cc, flags, xsrc) or {}
    om = macros(a.cc, flags, osrc) or {}
    todo = [n for n in xm if n not in base and ("macro", mode, n) not in seen]
    for n in todo:
        seen[("macro", mode, n)] = True
    fn = [n for n in todo if xm[n][0] is not None]
    obj = [n for n in todo if xm[n][0] is None]
    for n in fn:
        what = "%s(%s)" % (n, mode)
        if n not in om:
            rep.fail("macro-fn", what, "missing (via %s)" % h)
        elif om[n][0] != xm[n][0]:
            rep.fail("macro-fn", what, "takes %s arguments in Xen, %s in ours"
                     % (xm[n][0], om[n][0]))
        else:
            rep.ok("macro-fn", what)
    present = [n for n in obj if n in om and om[n][0] is None]
    for n in obj:
        if n not in om:
            rep.fail("macro-text", "%s(%s)" % (n, mode), "missing (via %s)" % h)
        elif om[n][0] is not None:
            rep.fail("macro-text", "%s(%s)" % (n, mode), "function-like in ours")
    if not present:
        return
    tag = "%s.%s" % (h.replace("/", "_"), mode)
    xv = values(a.cc, flags, xsrc, present, a.out, tag + ".xen")
    ov = values(a.cc, flags, osrc, [n for n in present if n in xv], a.out, tag + ".ours")
    rest = [n for n in present if n not in xv]
    xx = expand(a.cc, flags, xsrc, rest)
    ox = expand(a.cc, flags, osrc, rest)
    for n in present:
        what = "%s(%s)" % (n, mode)
        if n in xv:
            if n not in ov:
                rep.fail("macro-value", what, "Xen %#x, ours not an integer constant "
                         "(%s)" % (xv[n], om[n][1]))
            elif ov[n] != xv[n]:
                rep.fail("macro-value", what, "Xen %#x, ours %#x" % (xv[n], ov[n]))
            else:
                rep.ok("macro-value", what)
        elif xx.get(n) != ox.get(n):
            rep.fail("macro-text", what, "expands to '%s' in Xen, '%s' in ours"
                     % (xx.get(n), ox.get(n)))
        else:
            rep.ok("macro-text", what)


if __name__ == "__main__":
    sys.exit(main())
