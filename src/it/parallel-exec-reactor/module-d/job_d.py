import sys

# Long lines written in pieces: any interleaving between jobs would break them.
for i in range(300):
    sys.stdout.write("module-d line %03d " % i)
    sys.stdout.write("d" * 120)
    sys.stdout.write(" end\n")
