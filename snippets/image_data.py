"""A small image data set generated from a seed (nothing is downloaded).

Grey images of one filled shape on a dark, noisy background: a disc (label 1)
or a square (label 0) of the same area, at a random position, with a random
size and brightness. Telling them apart needs the *shape*, not where the bright
pixels are or how many there are, which is what makes a linear model on the
raw pixels struggle while a deep network does well (the lab of Course 1,
Week 4).
"""

# --8<-- [start:imports]
import numpy as np

# --8<-- [end:imports]


# --8<-- [start:make_shape_images]
def make_shape_images(m, size=16, seed=0, noise=0.1):
    """Images of filled discs (label 1) and filled squares (label 0).

    Args:
        m: number of images (>= 2); m // 2 of them are discs.
        size: height and width of each image in pixels (>= 8).
        seed: int seed or ``numpy.random.Generator``.
        noise: standard deviation of the Gaussian pixel noise (>= 0).

    Returns:
        (images, Y): images of shape (m, size, size) with values in [0, 1],
        Y of shape (1, m) with entries 0.0 / 1.0. A disc has radius r and a
        square half-side r * sqrt(pi) / 2, so both cover the same area; r is
        drawn from [0.15, 0.4] * size, the brightness from [0.4, 1].
    """
    if int(m) != m or m < 2:
        raise ValueError(f"m must be an integer >= 2, got {m}")
    if int(size) != size or size < 8:
        raise ValueError(f"size must be an integer >= 8, got {size}")
    if noise < 0:
        raise ValueError(f"noise must be >= 0, got {noise}")
    m, size = int(m), int(size)
    rng = np.random.default_rng(seed)
    Y = (np.arange(m) < m // 2).astype(float)
    rng.shuffle(Y)
    r = rng.uniform(0.15, 0.4, size=(m, 1, 1)) * size
    centre_row, centre_col = rng.uniform(r, size - r), rng.uniform(r, size - r)
    brightness = rng.uniform(0.4, 1.0, size=(m, 1, 1))
    rows, cols = np.mgrid[0:size, 0:size] + 0.5  # pixel centres
    dr, dc = rows - centre_row, cols - centre_col  # (m, size, size)
    disc = dr ** 2 + dc ** 2 < r ** 2
    square = np.maximum(np.abs(dr), np.abs(dc)) < r * np.sqrt(np.pi) / 2
    shape = np.where(Y.reshape(m, 1, 1) == 1, disc, square)
    images = brightness * shape + rng.normal(scale=noise, size=(m, size, size))
    return np.clip(images, 0.0, 1.0), Y.reshape(1, m)
# --8<-- [end:make_shape_images]
