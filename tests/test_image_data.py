"""The generated image data set of the Course 1 deep-network lab (snippets/image_data.py)."""

import numpy as np
import pytest

from snippets.datasets import train_test_split
from snippets.deep_network import L_layer_model, predict_deep
from snippets.image_data import make_shape_images
from snippets.logistic_regression import image_to_vector, model


def test_shapes_labels_and_class_balance():
    images, Y = make_shape_images(101, size=12, seed=3)
    assert images.shape == (101, 12, 12) and Y.shape == (1, 101)
    assert set(np.unique(Y)) == {0.0, 1.0} and Y.sum() == 50  # m // 2 discs
    assert make_shape_images(2)[1].sum() == 1


def test_same_seed_same_images_and_generators_are_accepted():
    a, ya = make_shape_images(20, seed=5)
    b, yb = make_shape_images(20, seed=5)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(ya, yb)
    assert not np.array_equal(a, make_shape_images(20, seed=6)[0])
    c, _ = make_shape_images(20, seed=np.random.default_rng(5))
    np.testing.assert_array_equal(a, c)


def test_values_lie_in_the_unit_interval():
    images, _ = make_shape_images(200, seed=0, noise=0.5)  # heavy noise gets clipped
    assert images.min() == 0.0 and images.max() == 1.0
    assert np.all((images >= 0) & (images <= 1))


def test_without_noise_each_image_is_one_shape_of_one_brightness():
    images, Y = make_shape_images(50, size=20, seed=1, noise=0.0)
    for image in images:
        lit = image[image > 0]
        assert lit.size > 0 and np.all(lit == lit[0]) and 0.4 <= lit[0] <= 1.0
        assert lit.size < image.size / 2  # a shape on a dark background


def bounding_box_fill(image):
    """Share of the shape's bounding box that the shape covers."""
    rows, cols = np.nonzero(image)
    box = (rows.max() - rows.min() + 1) * (cols.max() - cols.min() + 1)
    return rows.size / box


def test_discs_are_round_and_squares_fill_their_box():
    images, Y = make_shape_images(200, size=48, seed=2, noise=0.0)
    fill = np.array([bounding_box_fill(image) for image in images])
    discs, squares = fill[Y[0] == 1], fill[Y[0] == 0]
    assert np.allclose(squares, 1.0)
    assert np.isclose(discs.mean(), np.pi / 4, atol=0.03)  # a disc fills pi/4 of its square


def test_discs_and_squares_cover_the_same_area_on_average():
    images, Y = make_shape_images(2000, size=32, seed=4, noise=0.0)
    area = (images > 0).sum(axis=(1, 2))
    assert np.isclose(area[Y[0] == 1].mean(), area[Y[0] == 0].mean(), rtol=0.05)


def test_flattened_columns_are_the_images():
    images, _ = make_shape_images(6, size=10, seed=0)
    X = image_to_vector(images)
    assert X.shape == (100, 6)
    np.testing.assert_array_equal(X[:, 4], images[4].ravel())


@pytest.mark.parametrize("kwargs,match", [
    ({"m": 1}, "m must be an integer >= 2"),
    ({"m": 10.5}, "m must be an integer >= 2"),
    ({"m": 10, "size": 7}, "size must be an integer >= 8"),
    ({"m": 10, "size": 12.5}, "size must be an integer >= 8"),
    ({"m": 10, "noise": -0.1}, "noise must be >= 0"),
])
def test_rejects_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        make_shape_images(**kwargs)


def test_a_deep_network_beats_a_linear_model():
    """The point of the data set: the shape, not the pixel positions, decides the label."""
    images, Y = make_shape_images(1200, seed=0)
    X_train, Y_train, X_test, Y_test = train_test_split(image_to_vector(images), Y, seed=0)
    linear = model(X_train, Y_train, X_test, Y_test, num_iterations=1500, learning_rate=0.1)
    parameters, _ = L_layer_model(X_train, Y_train, [256, 20, 7, 5, 1], learning_rate=0.1,
                                  num_iterations=1500)
    deep = np.mean(predict_deep(X_test, parameters) == Y_test)
    assert linear["test_accuracy"] < 0.75 and deep > linear["test_accuracy"] + 0.05
