import trainer


def test_fit_finds_the_line():
    xs = [i / 32 for i in range(32)]
    w, b = trainer.fit(xs, [3.0 * x + 2.0 for x in xs])
    assert abs(w - 3.0) < 0.01 and abs(b - 2.0) < 0.01
