print("about to fail", flush=True)
raise SystemExit(3)
