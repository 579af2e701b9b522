import sys

print("benchmark regressed")
sys.exit(7)
