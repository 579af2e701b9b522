import sys

out = sys.stdout.buffer
out.write(b"invalid utf-8: \xff\xfe\xc3 end\n")
for frame in "|/-\\":
    out.write(b"spinner " + frame.encode() + b"\r")
out.write(b"spinner done\n")
out.write(b"x" * (1024 * 1024) + b"\n")  # 1 MB without a newline inside
line = b"." * 90
for i in range(1000000):
    out.write(b"%07d %s\n" % (i, line))
out.write(b"all lines written\n")
out.flush()
