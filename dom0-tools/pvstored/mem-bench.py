#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
#
# pvstored's memory for N domains' worth of entries: on the host, a
# pvstored -N -D with XENSTORED_RUNDIR=DIR, then
#   dom0-tools/pvstored/mem-bench.py DIR/socket PID N
# writes what libxl writes for each of N PV domUs (32 nodes: 30 under
# /local/domain/ID, one under /vm, one under /libxl) and prints the growth
# of the daemon's resident memory per domain and per 1,000 domains.
import socket
import struct
import sys

# The arguments: the socket, the daemon's pid, the number of domains.
path, pid, ndom = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
s=socket.socket(socket.AF_UNIX); s.connect(path)
req=[0]
def op(t, payload):
    req[0]+=1
    s.sendall(struct.pack('<IIII', t, req[0], 0, len(payload))+payload)
    h=b''
    while len(h)<16: h+=s.recv(16-len(h))
    typ,rid,tx,ln=struct.unpack('<IIII',h)
    b=b''
    while len(b)<ln: b+=s.recv(ln-len(b))
    return typ,b
def rss():
    for l in open('/proc/%d/status'%pid):
        if l.startswith('VmRSS'): return int(l.split()[1])
XS_WRITE=11
base=rss()
# what libxl writes for a PV domU, roughly: ~30 nodes under /local/domain/N, /vm/UUID, /libxl/N
nodes=['name','domid','vm','cpu/0/availability','memory/static-max','memory/target','memory/videoram',
 'store/port','store/ring-ref','console/port','console/ring-ref','console/type','console/output','console/tty',
 'console/limit','control/shutdown','control/feature-poweroff','control/feature-reboot','control/feature-suspend',
 'control/sysrq','control/platform-feature-multiprocessor-suspend','control/platform-feature-xs_reset_watches',
 'data','drivers','device','error','image/os_type','image/kernel','image/cmdline','serial/0/tty']
for d in range(1, ndom+1):
    for n in nodes:
        t,_=op(XS_WRITE, b'/local/domain/%d/%s\0value-%d'%(d,n.encode(),d))
        assert t==XS_WRITE, (t,_)
    op(XS_WRITE, b'/vm/%08x-0000-0000-0000-000000000000/name\0guest%d'%(d,d))
    op(XS_WRITE, b'/libxl/%d/type\0pv'%d)
after=rss()
print("domains %d, nodes written %d, RSS %d kB -> %d kB: %.1f kB per domain, %.1f MiB per 1000 domains"%(ndom, ndom*(len(nodes)+2), base, after, (after-base)/ndom, (after-base)/ndom*1000/1024))
