import train


def test_converges_to_the_line():
    w, b, loss = train.train(steps=2000, lr=0.5)
    assert abs(w - 3.0) < 0.01
    assert abs(b - 2.0) < 0.01
    assert loss < 1e-4


def test_more_steps_lower_the_loss():
    assert train.train(steps=200, lr=0.5)[2] < train.train(steps=20, lr=0.5)[2]


def test_diverging_run_fails():
    assert train.main(["--steps", "200", "--lr", "50"]) == 1
