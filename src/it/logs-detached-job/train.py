import time

print("training step 1", flush=True)
time.sleep(1)
print("training done", flush=True)
