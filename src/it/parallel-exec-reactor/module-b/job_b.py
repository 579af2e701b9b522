import sys

# Long lines written in pieces: any interleaving between jobs would break them.
for i in range(300):
    sys.stdout.write("module-b line %03d " % i)
    sys.stdout.write("b" * 120)
    sys.stdout.write(" end\n")
