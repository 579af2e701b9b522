import time

print("training started", flush=True)
time.sleep(3)  # a silent stretch, as a long epoch or a queued job gives
print("training done", flush=True)
