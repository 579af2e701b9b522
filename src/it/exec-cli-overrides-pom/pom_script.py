print("pom_script.py ran, which it must not")
