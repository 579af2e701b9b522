import time

for i in range(600):
    print("tick %d" % i, flush=True)
    time.sleep(0.1)
print("the job was not cancelled")
