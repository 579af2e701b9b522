import time

print("about to fail", flush=True)
time.sleep(1)
raise SystemExit(3)
