import os

key = os.environ["SA_KEY"]
lines = key.splitlines()
print("key has %d lines" % len(lines))
print("whole key:")
print(key)
print("coloured: " + lines[1][:7] + "\033[1m" + lines[1][7:] + "\033[0m")
# Lines far longer than the 64 KiB cap, made of the key's second line back to back: wherever the line is cut, the cut
# falls inside an occurrence (and if it falls between two in the first line, it does not in the second).
print(lines[1] * 3000)
print("y" + lines[1] * 3000)
print("leak.py done")
