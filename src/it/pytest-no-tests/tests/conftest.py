# Keeps the otherwise empty test directory in git; defines no tests.
