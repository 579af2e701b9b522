print("train.py ran")
