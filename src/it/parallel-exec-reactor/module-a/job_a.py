import sys

# Long lines written in pieces: any interleaving between jobs would break them.
for i in range(300):
    sys.stdout.write("module-a line %03d " % i)
    sys.stdout.write("a" * 120)
    sys.stdout.write(" end\n")
