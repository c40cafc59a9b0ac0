"""Checks for challenge 16: a real dataset."""
import re

import numpy as np

from grader import expect
from grader.mistakes import named
from grader.spec import check

TEST_ACCURACY = 0.75
CHANCE_LEVEL = 0.2   # 10 classes: a model whose labels were parted from their images gets about 0.1
TRAINING_DIGITS = 800      # the digits train_model is given (scenarios.TRAINING_DIGITS)
FIRST_CLASS = "zero"       # the dataset's first label name, what an argmax over a batch of one always picks
DEFAULT_STEPS = (20, 30)   # train_model(X, y) on 129 and 384 samples: 2 and 3 batches of 128 in each of 10 epochs


def _default_batch_size(steps):
    """For the steps of the runs on 129 and 384 samples: the sentence naming the batch sizes that make them in
    10 epochs, if any does and it is not 128."""
    if not (isinstance(steps, list) and all(type(step) is int and step % 10 == 0 for step in steps)):
        return ""
    sizes = [size for size in range(1, 1025) if [-(-129 // size) * 10, -(-384 // size) * 10] == steps]
    if not sizes or 128 in sizes:
        return ""
    shown = str(sizes[0]) if len(sizes) == 1 else f"{sizes[0]} to {sizes[-1]}"
    return f" Those are the steps of 10 epochs in batches of {shown}: is the default batch size 128, in the " \
           "signature or where a missing one is replaced?"


def _same(got, want):
    """Plain data (lists, numbers, strings) equal to want; anything else, arrays included, is not."""
    try:
        return isinstance(got, list) and bool(got == want)
    except ValueError:
        return False


def _same_kinds(got, want):
    """Whether each of `got` ([[the kinds_of an object, its details...]]) is of the kind of want's object there,
    the class the reference names first, with the same details."""
    return (isinstance(got, list) and len(got) == len(want) and all(
        isinstance(mine, list) and len(mine) == len(theirs) and isinstance(mine[0], list) and theirs[0][0] in mine[0]
        and _same(mine[1:], theirs[1:]) for mine, theirs in zip(got, want)))


def _layers_text(described):
    """The layers a scenario described ([[kinds, weights' shape]]) as a message shows them: "Layer_Dense (784, 128),
    Activation_ReLU, ..." (a layer without weights has no shape shown)."""
    if not isinstance(described, list):
        return repr(described)[:200]
    shown = []
    for name, *details in (entry if isinstance(entry, list) and entry else [entry] for entry in _named(described)):
        shape = details[0] if details else None
        weighted = isinstance(shape, list) and shape and shape != [0]
        shown.append(f"{name} {tuple(shape)}" if weighted else str(name))
    return ", ".join(shown)


def _named(described):
    """`described` ([[kinds, details...]]) as [[the nearest kind's name, details...]], as a message shows it."""
    if not isinstance(described, list):
        return described
    return [[entry[0][0] if isinstance(entry[0], list) and entry[0] else entry[0], *entry[1:]]
            if isinstance(entry, list) and entry else entry for entry in described]


@check("data", hint=("Which folder names the class of an image? See chapter 19.",
                     "For each label in os.listdir(os.path.join(path, dataset)), each file in that folder: "
                     "np.array(Image.open(...).convert(\"L\")) into X, int(label) into y. See chapter 19."))
def test_load_image_folder(run):
    """load_image_folder reads every image of path/dataset/<label>/ with its label"""
    got, want = run("image_folder")
    expected_X, expected_y = want["expected_X"], want["expected_y"]
    X = expect.as_array(got["X"], "the images returned by load_image_folder")
    y = expect.as_array(got["y"], "the labels returned by load_image_folder")
    expect.true(not (X.ndim == 4 and X.shape[:3] == expected_X.shape and X.shape[3] in (3, 4)),
                f"load_image_folder returned images of shape {X.shape}: these PNGs are saved in colour, three "
                "channels alike, which np.array(image) keeps. Make each image one grey channel first, "
                "np.array(image.convert(\"L\")), as the README asks.")
    expect.true(X.shape == expected_X.shape, f"load_image_folder returned images of shape {X.shape}; the train "
                f"folder holds {len(expected_X)} images of {expected_X.shape[1]} x {expected_X.shape[2]} pixels, "
                f"so expected {expected_X.shape}.")
    expect.true(y.shape == expected_y.shape and y.dtype.kind in "iu", f"load_image_folder returned labels of "
                f"shape {y.shape} and dtype {y.dtype}; expected {expected_y.shape} whole numbers: int(label) of "
                "each image's folder name.")
    folders = sorted({str(int(label)) for label in expected_y})
    expect.array(y, expected_y, "the array of labels (sorted with their images)", mistakes={
        "Each label is its folder's position in the listing, not its name: the label is the folder's name read as "
        "a number, int(label), whatever folders there are and in whatever order they are listed.":
            np.array([folders.index(str(int(label))) for label in expected_y]),
        "Every label is 1 more than its folder's name: the label is the name as it is, int(label), the classes "
        "counting from 0.": expected_y + 1})
    expect.array(X, expected_X, "the array of pixel values (sorted with their labels)")
    _grey_bytes(X, "load_image_folder", "the pixels as Pillow reads them, np.array(image.convert(\"L\"))")
    shapes, expected = got["test_shapes"], want["expected_test_shapes"]
    expect.true(shapes == expected, f"load_image_folder(path, \"test\") returned images and labels of shapes "
                f"{shapes[0]} and {shapes[1]}; the test folder holds {expected[1][0]} image"
                f"{'s' * (expected[1][0] != 1)}, so expected "
                f"{expected[0]} and {expected[1]}" + (": the same as for \"train\". Read the folder dataset names, "
                                                      "os.path.join(path, dataset), not \"train\" itself."
                                                      if shapes == [list(expected_X.shape), list(expected_y.shape)]
                                                      else "."))


def _grey_bytes(X, function, read):
    """The images `function` returned, right in value, must be uint8, as the README asks of both loaders."""
    __tracebackhide__ = True
    if X.dtype != np.uint8:
        expect.fail(f"{function} returned the right pixel values, as {X.dtype}; the README asks for grey uint8 "
                    f"images, {read}, with no conversion: prepare makes them floats later.",
                    hint="Which dtype does the README ask the loaders for, and does anything convert the pixels? "
                    "See the README.")


def _header_misread(raised, shape):
    """Name the reshape error of load_idx: the header's numbers (count, rows, columns of `shape`) read in the
    wrong byte order, or the pixels reshaped by sizes the file does not hold."""
    __tracebackhide__ = True
    if not isinstance(raised, str) or not raised:
        return   # nothing raised: the values say the rest
    swapped = {int(np.array(number, dtype=">i4").view("<i4")): number for number in shape}
    found = [(int(text), swapped[int(text)]) for text in re.findall(r"\d+", raised) if int(text) in swapped]
    if found:
        read, meant = found[0]
        expect.fail(f"load_idx raised {raised}. The header's numbers were read byte-swapped: {read:,} is {meant} "
                    "read in the wrong byte order. IDX headers are big-endian int32, and np.int32 (or '<i4') reads "
                    "little-endian on this machine: np.frombuffer(data[:16], dtype='>i4') reads them as written.")
    expect.fail(f"load_idx raised {raised}: the pixels cannot take the shape read from the header. The images "
                "file's header is 16 bytes of big-endian int32 (magic, count, rows, columns): the pixels start at "
                "byte 16, and np.frombuffer(data[:16], dtype='>i4') reads the numbers.")


@check("data", hint=("How long is each file's header, and in which byte order are its numbers? See chapter 19 "
                     "and the IDX format in the README.",
                     "Images: 16 bytes of big-endian int32 (magic, count, rows, columns); labels: 8 bytes "
                     "(magic, count). np.frombuffer(..., dtype='>i4') reads them. See chapter 19."))
def test_load_idx(run):
    """load_idx reads the images and labels of the original IDX files"""
    got, want = run("idx")
    images, labels = want["images"], want["labels"]
    _header_misread(got["raised"], images.shape)
    X = expect.as_array(got["X"], "the images returned by load_idx")
    expect.true(X.shape != (images.shape[0], images.shape[2], images.shape[1]) or images.shape[1] == images.shape[2],
                f"load_idx returned images of shape {X.shape}; the file holds {images.shape}: rows and columns are "
                "swapped. The header gives the rows before the columns, and each image is stored row after row: "
                "reshape(count, rows, columns).")
    expect.true(X.shape != (images.shape[0], images.shape[1] * images.shape[2]),
                f"load_idx returned images of shape {X.shape}; the file holds {images.shape}: each image was "
                "flattened into a row. load_idx keeps each image's rows and columns, reshape(count, rows, columns); "
                "prepare flattens them later, for the network.")
    expect.true(X.shape == images.shape, f"load_idx returned images of shape {X.shape}; the file holds "
                f"{images.shape}. The images file's header is 16 bytes (magic, count, rows, columns), read "
                "big-endian.")
    _bytes_read_right(X, images, "pixels", "The images file's header is 16 bytes (magic, count, rows, columns)")
    expect.array(X, images, "the pixel values load_idx read")
    _grey_bytes(X, "load_idx", "one byte a pixel, np.frombuffer(..., dtype=np.uint8)")
    y = expect.as_array(got["y"], "the labels returned by load_idx")
    expect.true(y.shape == labels.shape, f"load_idx returned {y.shape} labels; the file holds {labels.shape}. The "
                "labels file's header is 8 bytes (magic, count), and then one byte per label.")
    _bytes_read_right(y, labels, "labels", "The labels file's header is 8 bytes (magic, count)")
    expect.array(y, labels, "the labels load_idx read")


def _bytes_read_right(got, want, what, header):
    """Fail saying how, where `got` holds the file's bytes `want` as signed bytes, or read from a few bytes too early
    or too late (shapes alike)."""
    __tracebackhide__ = True
    if not (isinstance(got, np.ndarray) and got.dtype.kind in "iu" and got.shape == want.shape) \
            or np.array_equal(got, want):
        return
    if got.dtype == np.int8 and np.array_equal(got.view(np.uint8), want) and np.any(want > 127):
        expect.fail(f"The {what} were read as signed bytes (int8), so every value above 127 came out negative "
                    f"({int(want.max())} as {int(got[want == want.max()].flat[0])}): each is an unsigned byte, "
                    "0 to 255, np.uint8 ('>u1').")
    flat, wanted = got.ravel().astype(np.int64), want.ravel().astype(np.int64)
    for shift in range(1, min(17, len(wanted))):
        early = np.array_equal(flat[shift:], wanted[:-shift])
        if early or np.array_equal(flat[:-shift], wanted[shift:]):
            expect.fail(f"The {what} are the file's, moved by {shift} byte{'s' if shift > 1 else ''}: they were read "
                        f"starting {shift} byte{'s' if shift > 1 else ''} too {'early' if early else 'late'}. "
                        f"{header}: the {what} start right after it.")


def _digits_counted(got, want):
    """Which of the digits' two slices holds another count than the README's split, where only counts differ."""
    def counts(shapes):
        if isinstance(shapes, list) and len(shapes) == 4 and all(isinstance(shape, list) and shape
                                                                 for shape in shapes):
            return shapes[0][0], shapes[2][0]
        return None

    got_counts, (training, test) = counts(got), counts(want)
    if got_counts is None or [shape[1:] for shape in got] != [shape[1:] for shape in want]:
        return ""
    said = []
    if got_counts[0] != training:
        said.append(f"the training set holds {got_counts[0]} digits where the README keeps the first "
                    f"{training:,}, X[:{training}]")
    if got_counts[1] != test:
        said.append(f"the test set holds {got_counts[1]} digits where the README keeps the other {test}, "
                    f"X[{training}:], from where the training set ends")
    return f" Of the {training + test:,} digits, {'; '.join(said)}." if said else ""


# Said where load_dataset answered the digits although the folder held the data.
FELL_BACK = {
    "folder": " Those are the digits' shapes: load_dataset did not find the images and fell back on the digits. "
              "path is the folder that holds fashion_mnist_images (look for os.path.join(path, "
              "'fashion_mnist_images', 'train')), not that folder itself.",
    "idx": " Those are the digits' shapes: load_dataset did not find the IDX files and fell back on the digits. "
           "They lie in path itself, under their original names (train-images-idx3-ubyte, "
           "train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte), without .gz.",
}


@check("data", depends=("load_image_folder", "load_idx"),
       hint="Look for the fashion_mnist_images folder first, then the four IDX files, and fall back on the "
            "digits: which of them are kept for testing, and does each keep its label? See chapter 19.")
def test_load_dataset_finds_the_data(run):
    """load_dataset reads the PNG folders or the IDX files when they are there, else the digits, each with its label"""
    got, want = run("dataset_choice")
    for case, what in (("folder", "a folder holding fashion_mnist_images/{train,test}/<label>/*.png"),
                       ("idx", "a folder holding the four IDX files"),
                       ("folder_beside_idx", "a folder holding both fashion_mnist_images/ and the four IDX files, "
                                             "where the PNG folders come first"),
                       ("digits", "an empty folder"), ("digits_by_default", "no path at all")):
        swapped = isinstance(want[case], list) and _same(got[case], want[case][2:] + want[case][:2]) \
            and want[case][:2] != want[case][2:]
        returned = (f"{got[case]:.300}, not ((X, y), (X_test, y_test))" if isinstance(got[case], str) else
                    f"data of shapes {got[case]} (X, y, X_test, y_test)")
        expect.true(_same(got[case], want[case]), f"load_dataset on {what} returned {returned}; expected shapes "
                    f"{want[case]}."
                    + (" The training and the test data are swapped: return the training set first, as (X, y), "
                       "then the test set, as (X_test, y_test)." if swapped else "")
                    + (_digits_counted(got[case], want[case]) if case.startswith("digits") and not swapped else "")
                    + (FELL_BACK[case] if case in FELL_BACK and _same(got[case], want["digits"]) else ""))
    split, expected = _well_formed_split(got["digit_split"]), want["digit_split"]
    expect.true(split is not None, "The digits load_dataset returned on an empty folder could not be matched with "
                "the data's images and labels: return X, y, X_test and y_test as arrays of numbers.")
    training, test = (split[part]["rows"] for part in ("train", "test"))
    first_test = expected["test"]["rows"][0]
    # Images not among the data's, each counted as row -1, would otherwise read as one digit in both sets.
    unknown = [part for part, rows in (("training", training), ("test", test)) if rows and max(rows) < 0]
    expect.true(not unknown, f"None of the {' and '.join(unknown)} digits load_dataset returned on an empty folder "
                "is one of the digits as load_digits_images() gives them, 8 x 8 uint8 pixels of 0 to 255: were "
                "they read another way (scikit-learn's load_digits().images hold 0 to 16), or scaled? Take "
                "load_digits_images() and slice what it returns.")
    trained_on = sorted(set(test) & set(training))
    expect.true(not trained_on, f"Of the 297 test digits load_dataset returned, {len(trained_on)} are also among "
                f"its 1,500 training digits (the first is digit {trained_on[0] if trained_on else ''} of the "
                "data): a test on them says nothing of digits the model never saw. The README keeps the first "
                f"1,500 for training and the last 297 for testing: X[:1500] and X[{first_test}:].")
    for part, rows, what in (("train", training, "training digits"), ("test", test, "test digits")):
        expect.true(rows == expected[part]["rows"], f"The {len(rows)} {what} load_dataset returned are not "
                    f"{'the first 1,500' if part == 'train' else 'the last 297'} of the data, in their order"
                    + (f" (the first is digit {rows[0]})" if rows and rows[0] >= 0 else "") + ". The README keeps "
                    f"X[:1500] for training and X[{first_test}:] for testing, with y sliced the same way.")
        wrong = split[part]["first_mislabelled"]
        expect.true(wrong is None, f"{split[part]['mislabelled']:,} of the {len(rows):,} {what} load_dataset "
                    f"returned carry another digit's label: the one at index {wrong and wrong[0]} is a "
                    f"{wrong and wrong[2]}, but its label says {wrong and wrong[1]}. Slice the images and the labels "
                    "with the same indices, X[:1500] with y[:1500] and X[1500:] with y[1500:], so that each image "
                    "keeps its own.")


def _well_formed_split(split):
    """The scenario's digit_split as it makes it ({"train"/"test": {"rows": [int], "mislabelled": int,
    "first_mislabelled": None or [int, int, int]}}), or None for anything else."""
    def whole(value):
        return isinstance(value, int) and not isinstance(value, bool)

    if not isinstance(split, dict) or set(split) != {"train", "test"}:
        return None
    for part in split.values():
        if not (isinstance(part, dict) and isinstance(part.get("rows"), list) and all(map(whole, part["rows"]))
                and whole(part.get("mislabelled"))):
            return None
        first = part.get("first_mislabelled")
        if first is not None and not (isinstance(first, list) and len(first) == 3 and all(map(whole, first))):
            return None
    return split


@check("data", hint=("What range should a network's inputs have, and what shape does a dense layer take? See "
                     "chapter 19.",
                     "Chapter 19 centres the pixels on zero, black (0) at -1, white (255) at 1 and the middle grey "
                     "at 0, and lays each image out as one row of pixels. See chapter 19.",
                     "Reshape first, X.reshape(X.shape[0], -1), and convert with .astype(np.float32) before any "
                     "arithmetic, so that nothing is computed in uint8; the scaling then makes a new array and leaves "
                     "the caller's images as they were. See chapter 19."))
def test_prepare(run):
    """prepare flattens each image into a row of float32 and scales 0-255 onto [-1, 1]"""
    got, want = run("prepare")
    images = want["images"].astype(np.float64)
    rows = images.reshape(len(images), -1)
    prepared = got["rows"]
    if isinstance(prepared, np.ndarray) and prepared.shape == rows.shape and prepared.dtype.kind == "f":
        # Subtracting an integer from uint8 pixels wraps below 0 around to 255: the darkest come out the brightest.
        dark = rows < 127
        if np.max(prepared) > 1.05 and np.all(prepared[dark] > 0):
            expect.fail(f"prepare(images) gives values up to {np.max(prepared):.3g} where [-1, 1] was expected, and "
                        "every pixel darker than 127 came out positive: a whole number subtracted from uint8 pixels "
                        "wraps around below 0 (in uint8, 0 - 127 is 129). Convert to float first, "
                        "X.astype(np.float32), then (X - 127.5) / 127.5.")
    expect.true(not (isinstance(prepared, np.ndarray) and prepared.shape == images.shape), "prepare(images) kept "
                f"each image's shape, {prepared.shape if isinstance(prepared, np.ndarray) else ''}: a dense layer takes "
                "one row per image, so flatten each one first, X.reshape(X.shape[0], -1), a row of height · width "
                "values.")
    expect.array(prepared, want["rows"], "prepare(images) for 4 images of 5 x 4 pixels", mistakes={
        "The pixels were scaled onto [0, 1] (X / 255); the book centres them on zero: (X - 127.5) / 127.5.":
            rows / 255,
        "The pixels were not scaled: they still run from 0 to 255. Scale them onto [-1, 1], (X - 127.5) / 127.5, "
        "so that the network's inputs are small and centred on zero.": rows,
        "The pixels span [-0.5, 0.5]: divide X - 127.5 by 127.5, not by 255.": (rows - 127.5) / 255,
        "The pixels span [-1, 0]: (X - 255) / 255 moves them below zero without centring them. The middle of 0 to "
        "255 is 127.5: (X - 127.5) / 127.5 maps 0 and 255 onto -1 and 1.": (rows - 255) / 255,
        "The pixels were centred on 128 and divided by 128, so 255 becomes 0.992 and 0 stays -1: the middle of 0 to "
        "255 is 127.5, (X - 127.5) / 127.5, which maps 0 and 255 onto -1 and 1 exactly.": (rows - 128) / 128,
        "The pixels were divided by 127, not 127.5, so 0 and 255 land a little beyond -1 and 1: the middle of 0 to "
        "255 is 127.5, (X - 127.5) / 127.5.": (rows - 127.5) / 127,
        "Each image was flattened column by column (a transpose first, or order='F'): the book flattens row after "
        "row, as the pixels are stored, X.reshape(X.shape[0], -1).":
            (images.transpose(0, 2, 1).reshape(len(images), -1) - 127.5) / 127.5,
    }, dtype=np.float32)
    dtype = prepared.dtype
    expect.true(dtype == np.float32, f"prepare(images) returned the right values as {dtype}; expected float32, as "
                "the README asks: X.reshape(X.shape[0], -1).astype(np.float32) before the arithmetic, as chapter 19 "
                "does, keeps them in float32, half the memory of float64.")
    expect.unchanged(got["after"], want["images"], "The images given to prepare",
                     "Build new rows (reshape, then arithmetic that makes a new array) rather than changing X.")
    expect.unchanged(got["floats_after"], want["images"].astype(np.float32), "The float32 images given to prepare",
                     "np.asarray(X, dtype=np.float32) and X.astype(np.float32, copy=False) give back X itself when it "
                     "is float32 already, and -= or /= then write into the caller's images: compute into a new "
                     "array, (X - 127.5) / 127.5.")
    expect.of_another_size(got["rows_of_floats"], want["rows"], "prepare(images) for the same images as float32",
                           "Images may come as float32 (0-255) too: prepare converts, flattens and scales any.")
    dim = want["dim"].reshape(len(want["dim"]), -1).astype(np.float64)
    expect.array(got["dim_rows"], want["dim_rows"], f"prepare(images) for 3 dim images, their pixels from "
                 f"{dim.min():g} to {dim.max():g}", mistakes={
                     "The pixels were scaled by the images' own range (their largest, or smallest and largest, "
                     "value): a dim image then comes out as bright as any, and predict_label's one image is scaled "
                     "otherwise than the training set. The scale is fixed, 0-255 onto [-1, 1]: (X - 127.5) / 127.5.":
                         dim / dim.max() * 2 - 1,
                     "The pixels were scaled from their own smallest to their largest value: a dim image then comes "
                     "out as bright as any, and predict_label's one image is scaled otherwise than the training set. "
                     "The scale is fixed, 0-255 onto [-1, 1]: (X - 127.5) / 127.5.":
                         (dim - dim.min()) / (dim.max() - dim.min()) * 2 - 1}, dtype=np.float32)


@check("model", hint=("Which layers does chapter 19's network have, and which optimizer? See chapter 19.",
                      "Layer_Dense(X.shape[1], 128), ReLU, Layer_Dense(128, 128), ReLU, Layer_Dense(128, 10), "
                      "softmax; Optimizer_Adam(decay=1e-3). See chapter 19."))
def test_builds_the_chapter_19_network(run):
    """train_model builds chapter 19's network and optimizer with its defaults, and trains the epochs it is told"""
    _given_model_kept(run)
    got, want = run("training")
    made = [what for what in got["made_at_import"] if isinstance(what, str)] \
        if isinstance(got["made_at_import"], list) else []
    expect.true(not made, f"train_model trained with {' and '.join(made)} your file built when it was imported, at its "
                f"top level: build {'them' if len(made) > 1 else 'it'} inside train_model, so that each call trains "
                "a model of its own from the start (a second call would add its layers to the first one's model, or "
                "go on with its optimizer's step count, decay and bias correction).")
    expect.true(_same_kinds(got["layers"], want["layers"]), f"train_model's model has the layers "
                f"{_layers_text(got['layers'])} (the weights' shapes in brackets); chapter 19's network is "
                f"{_layers_text(want['layers'])}.")
    penalties = got["penalties"]
    expect.true(not isinstance(penalties, list) or penalties == want["penalties"], f"train_model's dense layers "
                f"carry the penalties {penalties} (weight L1, weight L2, bias L1, bias L2, a layer each); chapter "
                "19's network has none: Layer_Dense(X.shape[1], 128) and the others, without regularizer arguments.")
    narrow = got["narrow"]
    advice = ("its first Layer_Dense takes X.shape[1] inputs, whatever the size of the images (Fashion-MNIST's rows "
              "hold 784 values), not a number written for the digits' 64.")
    if isinstance(narrow, str):
        expect.fail(f"train_model on rows of 49 values (7 x 7 images) raised {narrow}: " + advice)
    expect.true(narrow == want["narrow"], f"train_model on rows of 49 values (7 x 7 images) built a first layer of "
                f"weights {narrow}, where {want['narrow']} was expected: " + advice)
    last = got["narrow_last"]
    expect.true(not (isinstance(last, list) and len(last) == 2 and last[1] != want["narrow_last"][1]),
                f"train_model on digits none of which is a 9 built a last layer of weights {last}, where "
                f"{want['narrow_last']} was expected: the network has ten outputs, one per class of the dataset, "
                "Layer_Dense(128, 10), whatever labels one training set holds (int(y.max()) + 1 counts only those).")
    optimizer = _named([got["optimizer"]])[0]
    sentence = (f"train_model's optimizer is {optimizer} (type, learning_rate, decay); chapter 19 uses "
                f"{_named([want['optimizer']])[0]}.")
    # Named only where the model has an optimizer: one of another kind or settings than the chapter's.
    has_one = isinstance(optimizer, list) and bool(optimizer) and optimizer[0] != "NoneType"
    expect.true(_same_kinds([got["optimizer"]], [want["optimizer"]]),
                named("optimizer_settings", sentence) if has_one else sentence)
    expect.adam_defaults_kept(got["adam_defaults"], want["adam_defaults"], "train_model")
    defaults, expected = got["defaults"], want["defaults"]
    if not isinstance(defaults, dict):   # the signature does not show them as numbers: a run without them counted
        steps = got["default_steps"]
        expect.true(steps == list(DEFAULT_STEPS), f"train_model(X, y) on 129 and on 384 samples made "
                    f"{' and '.join(map(str, steps)) if isinstance(steps, list) else steps} training steps; with the "
                    f"defaults epochs=10 and batch_size=128 it makes {DEFAULT_STEPS[0]} and {DEFAULT_STEPS[1]}: 2 and "
                    "3 batches in each of 10 epochs." + _default_batch_size(steps))
    else:
        expect.true(defaults == expected, "train_model's defaults are " + ", ".join(
            f"{name}={value}" for name, value in defaults.items()) + "; chapter 19's are " + " and ".join(
            f"{name}={value}" for name, value in expected.items()) + ".")
    steps = got["steps"]
    made = f"train_model(X, y, epochs=2, batch_size=32) on {TRAINING_DIGITS} digits made {steps} training steps"
    if isinstance(steps, (float, np.floating)):   # a whole float came as an int (scenarios._iterations)
        made = (f"After train_model(X, y, epochs=2, batch_size=32) on {TRAINING_DIGITS} digits, the optimizer's "
                f"iterations is {steps!r}, not a whole number of training steps (post_update_params adds 1 once a "
                "step)")
    trained_on = got["trained_on"] if isinstance(got["trained_on"], list) and len(got["trained_on"]) == 4 else None
    if isinstance(steps, int) and steps != want["steps"] and trained_on and trained_on[0] < TRAINING_DIGITS:
        expect.fail(f"{made}; expected {want['steps']}: 25 batches in each of 2 epochs. model.train was given "
                    f"{trained_on[0]} of the {TRAINING_DIGITS} digits train_model was given: train on all of them, "
                    "with no part held out (the checks test the model on digits of their own).")
    expect.true(isinstance(steps, int) and steps == want["steps"], f"{made}; expected {want['steps']}: 25 batches in "
                "each of 2 epochs. Pass epochs and batch_size on to model.train.")


@check("training", points=2, hint=("Are the rows trained on as train_model is given them, scaled once, and "
                                   "shuffled, and does the network end in 10 softmax outputs? See chapter 19.",
                                   "Shuffle with one set of keys, then Model.train(X, y, epochs=epochs, "
                                   "batch_size=batch_size). See chapter 19."))
def test_trains_on_the_digits(run):
    """train_model learns the handwritten digits: at least 75% right on 297 it never saw, after 2 epochs on 800"""
    _given_model_kept(run)
    got, want = run("training")
    labels = want["test_labels"]
    outputs = expect.as_array(got["test_outputs"], "the trained model's outputs for the test digits")
    expect.true(outputs.shape == (len(labels), 10), f"The trained model gave outputs of shape {outputs.shape} for "
                f"{len(labels)} test images; its last layer needs 10 outputs, one per digit.")
    expect.true(_same_kinds(got["layers"], want["layers"]), f"train_model's model has the layers "
                f"{_layers_text(got['layers'])} (the weights' shapes in brackets); the test digits are classified by "
                f"chapter 19's network, {_layers_text(want['layers'])}, with the weights and biases train_model's "
                "model learned.")
    # The test digits are public: the accuracy is that of the network's own parameters, run forward here, and
    # predict must give what they give, or it is not the network's.
    shapes = [(weights.shape, biases.shape) for weights, biases in want["parameters"]]
    parameters = expect.trained_parameters(got["parameters"], shapes, "train_model's model")
    computed = expect.dense_network_outputs(want["test_rows"], parameters, expect.softmax)  # chapter 19's network
    expect.predicted_by_the_network(outputs, computed, "model.predict on the 297 test digits", "Model.predict "
                                    "must run the forward pass of the model's layers on the data it is given, and "
                                    "return the last layer's output.")
    accuracy = float(np.mean(np.argmax(computed, axis=1) == labels))
    reference = float(np.mean(np.argmax(want["test_outputs"], axis=1) == labels))
    trained_on = got["trained_on"] if isinstance(got["trained_on"], list) and len(got["trained_on"]) == 4 else None
    # The rows train_model is given span [-1, 1]: values model.train got outside that span were changed again.
    given = float(np.min(want["X"])), float(np.max(want["X"]))
    rescaled = trained_on is not None and (abs(trained_on[1] - given[0]) > 1e-3 or abs(trained_on[2] - given[1]) > 1e-3)
    _trained_on_all(got, want, trained_on)
    expect.true(accuracy >= TEST_ACCURACY, f"After 2 epochs on 800 digits the model gets {accuracy:.3f} of the "
                f"297 test digits right; expected at least {TEST_ACCURACY} (the reference gets {reference:.3f}). " + (
                    f"model.train was given values from {trained_on[1]:.4g} to {trained_on[2]:.4g}, where the rows "
                    f"train_model is given lie in [{given[0]:.4g}, {given[1]:.4g}]: they were scaled again. prepare "
                    "scales them once; train_model trains on them as they are." if rescaled else
                    "That is about chance, one digit in 10, after as many steps as the reference's: the model "
                    "learned nothing that holds for new digits, "
                    "most often because the labels no longer belong to their images, X and y shuffled with keys of "
                    "their own, or X alone. Shuffle both with one set of keys: keys = np.random.permutation(len(X)), "
                    "then X[keys] and y[keys]." if accuracy < CHANCE_LEVEL and got["steps"] == want["steps"] else
                    "Are X and y shuffled together first (the data come sorted by class), and epochs and batch_size "
                    "passed on to model.train?"))


def _trained_on_all(got, want, trained_on):
    """model.train must get every row train_model was given, each once: `trained_on` as the scenario noted it
    ([samples, lowest, highest, rows that differ]), and in the narrow run, whose rows make a last partial batch,
    every row (the rows of all its calls added up)."""
    __tracebackhide__ = True
    expected = want["trained_on"][3]
    expect.true(not (trained_on and trained_on[0] == TRAINING_DIGITS and trained_on[3] < expected), f"model.train "
                f"was given {TRAINING_DIGITS} rows, {trained_on[3] if trained_on else 0} of them different, where the "
                f"{TRAINING_DIGITS} digits train_model was given hold {expected} different rows: the shuffle drew "
                "some rows twice and left others out, as np.random.randint(0, len(X), len(X)) draws. Shuffle with "
                "keys that take every row once: keys = np.random.permutation(len(X)), then X[keys] and y[keys].")
    narrow = got["narrow_trained_on"]
    samples = want["narrow_trained_on"][0]
    given = narrow[0] if isinstance(narrow, list) and len(narrow) == 1 and type(narrow[0]) is int else None
    whole = given is not None and given == samples // 32 * 32
    expect.true(given is None or given >= samples, f"train_model(X, y, epochs=1, batch_size=32) on {samples} rows "
                f"gave model.train {given} of them: " + (
                    "the rows that make no whole batch were left out. Train on all of them: Model.train takes the "
                    "last partial batch as a step of its own." if whole else
                    "some were held out or left out. Train on all of them, with no part held out: the checks "
                    "measure the model on test digits of their own."))


KEEP_INPUTS = ("train_model may read X and y, but the caller's arrays must come back as they were given: shuffle "
               "into new arrays (keys = np.random.permutation(len(X)), then X = X[keys] and y = y[keys]), never "
               "X[:] = ... or np.random.shuffle(X).")


@check("training", depends="trains_on_the_digits", hint=(
    "The caller's X and y are the caller's, and so is NumPy's generator: train_model reads them and leaves them as "
    "they were, seeding nothing. See chapter 19.",))
def test_train_model_keeps_inputs(run):
    """train_model leaves the X and y it was given, and NumPy's generator, as the caller had them: it seeds nothing"""
    got, want = run("training")
    expect.unchanged(got["X_after"], want["X"], "The X given to train_model", KEEP_INPUTS)
    expect.unchanged(got["y_after"], want["y"], "The y given to train_model", KEEP_INPUTS)
    expect.true(got["seeds_itself"] is not True, "train_model seeds NumPy's generator itself (np.random.seed(...) "
                "inside it): every call then shuffles the same way whatever seed the program chose, and the program "
                "draws the same numbers after it. Seed once, at the top of the program, as chapter 19 does "
                "(nnfs.init()), and leave the generator to the caller inside train_model.")


# Under "training", where what it depends on is listed: it asks the model train_model trained. The stub has it
# prepare the image with prepare, whose mistake would show here too.
@check("training", depends="trains_on_the_digits", uses="prepare",
       hint=("An image must be prepared exactly as the training data were. See chapter 22.",
             "model.predict(prepare(image[np.newaxis])), then label_names[np.argmax(...)]. See chapter 22."))
def test_predict_label(run):
    """predict_label names what a saved and reloaded model predicts for one image"""
    _given_model_kept(run)
    got, want = run("training")
    names, expected = got["names"], got["expected_names"]
    if isinstance(names, dict) and "not_started" in names:
        expect.not_started("predict_label", names["not_started"])
    if isinstance(names, str):   # what predict_label raised (scenarios.raised_by)
        looked_up = re.match(r"KeyError: (\d+)|IndexError: (?:list index out of range|index (\d+) is out of "
                             r"bounds)", names)
        # Only where the line that raised looks up a name among the class names.
        if looked_up and int(looked_up[1] or looked_up[2] or 10) >= 10 and "names[" in names:
            expect.fail(f"predict_label raised {names}: the index it looked up among the class names is not one "
                        "of the 10 classes. It is the argmax of the model's last output, the confidences "
                        "model.predict returns, one per class, not of a hidden layer's output or of the image.")
        # The names looked up by the array np.argmax gives for a batch, one index per row: a dict cannot hash it.
        by_array = re.match(r"TypeError: (?:unhashable type: 'numpy\.ndarray'|only integer scalar arrays)", names)
        if by_array and "names[" in names:
            expect.fail(f"predict_label raised {names}: the class names were looked up with an array, the argmax of "
                        "each row of the batch, where one index belongs. The batch holds one image: take its index, "
                        "label_names[int(np.argmax(confidences, axis=1)[0])].")
        # An (8, 8) image given to prepare as it is: its 8 rows become 8 samples of 8 pixels.
        rows_as_samples = re.search(r"shapes \((\d+),(\d+)\) and \((\d+),", names)
        one_image = bool(rows_as_samples) and int(rows_as_samples[1]) * int(rows_as_samples[2]) == \
            int(rows_as_samples[3])
        expect.fail(f"predict_label raised {names}. Prepare the one image as the training images were (a batch of "
                    "one row, scaled onto [-1, 1]) before model.predict." + (
                        f" prepare was given the image alone, ({rows_as_samples[1]}, {rows_as_samples[2]}), so each "
                        f"of its {rows_as_samples[1]} rows became a sample of {rows_as_samples[2]} pixels: give it a "
                        "batch of one image, image[np.newaxis]." if one_image else ""))
    expect.true(isinstance(names, list) and isinstance(expected, list), f"predict_label returned {names!r} for "
                "four images, called one at a time; expected a name each.")
    expect.true(all(isinstance(name, str) for name in names), f"predict_label returned {names}; expected the "
                "names of the classes (label_names[index]), not their indices.")
    if names != expected and set(names) == {FIRST_CLASS} and set(expected) != {FIRST_CLASS}:
        expect.fail(f"For four test digits predict_label returned {names}, but the model's own predictions for them "
                    f"are {expected}. The first class every time: the argmax along axis 0 of a batch of one row is "
                    "that row, 0, whatever it holds. Take it along the classes, np.argmax(confidences, axis=1)[0].",
                    "lost_axis")
    expect.true(names == expected, f"For four test digits predict_label returned {names}, but the model's own "
                f"predictions for them are {expected}. Prepare the one image as the training images were "
                "(a batch of one row, scaled onto [-1, 1]) before model.predict.")
    _check_labels_of_another_size(got["narrow_names"])


def _check_labels_of_another_size(narrow):
    """predict_label on images of 7 x 7, for a model trained on rows of their 49 values: an image size written in
    fails here. `narrow`: scenarios._narrow_model's names, None where train_model raised (another check says so)."""
    if not isinstance(narrow, dict):
        return
    what = "predict_label on four 7 x 7 images, for a model train_model trained on rows of 49 values,"
    advice = ("Prepare the image whatever its size: prepare(image[np.newaxis]) makes it one row of its own length, "
              "as train_model's first layer takes X.shape[1] inputs; a size written for the digits' 8 x 8 (64) fits "
              "no other dataset.")
    names, expected = narrow["names"], narrow["expected"]
    if isinstance(names, str):
        expect.fail(f"{what} raised {names}. {advice}")
    expect.true(names == expected, f"{what} returned {names}, but the model's own predictions for them are "
                f"{expected}. {advice}")


# The small network the given Model trains (scenarios.GIVEN_ROWS, GIVEN_VALIDATION, GIVEN_BATCH, GIVEN_EPOCHS).
GIVEN_ROWS, GIVEN_VALIDATION, GIVEN_BATCH, GIVEN_EPOCHS = 12, 7, 4, 2
GIVEN = (f"a network of two dense layers trained by the given Model on {GIVEN_ROWS} rows in batches of {GIVEN_BATCH} "
         f"for {GIVEN_EPOCHS} epochs")
RESTORE = " Put the given code back as the stub has it: train_model only uses it."
GIVEN_CLOSE = 2e-3   # printed figures are rounded to three decimals


def _given_model_kept(run):
    """Fail, naming the given method at fault, where the Model, loss, accuracy or optimizer the stub gives trains a
    small network otherwise than the reference's (scenarios.given_model): train_model's own checks would blame it.
    Given code that raises is left to those checks, which say where."""
    __tracebackhide__ = True
    # Each given class on its own first (scenarios.given_code), then the Model they make.
    expect.given_code_kept(*run("given_code"))
    got, want = run("given_model")
    expect.true(not got["shared_layers"], "A layer added to one Model() shows in another: every model shares one "
                "list of layers, so train_model's second model holds the first one's layers too. The given "
                f"Model.__init__ gives each model a list of its own, self.layers = [], not a class attribute.{RESTORE}")
    if got["raised"]:
        return
    expect.true(got["trainable"] == want["trainable"], f"After finalize, a model of two dense layers, a ReLU and a "
                f"softmax has {got['trainable']} trainable layers; expected {want['trainable']}. The given "
                "Model.finalize starts self.trainable_layers = [] once, before its loop over the layers, and adds "
                f"each layer that has weights.{RESTORE}")
    rows, expected_rows = got["predicted"][0], want["predicted"][0]
    expect.true(rows == expected_rows, f"model.predict(X, batch_size={GIVEN_BATCH}) on "
                f"{GIVEN_VALIDATION} rows returned an array of shape {tuple(rows)}; expected "
                f"{tuple(expected_rows)}, a row for each row of X. " + (
                    "The last partial batch was left out: the given _steps counts it as a batch of its own "
                    "(steps + 1 where steps * batch_size < samples)." if rows and rows[0] < expected_rows[0]
                    else "The given Model.predict takes each row once: X[step * batch_size:(step + 1) * "
                    "batch_size].") + RESTORE)
    steps, expected = got["steps"], want["steps"]
    expect.true(steps == expected, f"On {GIVEN}, the optimizer made {steps} steps; expected {expected}, one per batch "
                "of each epoch. " + (
                    "That is one per trainable layer in each step: the given Model.train calls "
                    "self.optimizer.post_update_params() once a step, after its loop over the trainable layers, "
                    "not inside it." if steps == expected * want["trainable"] else
                    "The given Model.train runs one step for each batch _steps counts.") + RESTORE)
    _given_parameters(got, want)
    for name in ("unvalidated", "validated"):
        _given_lines(got[name], want[name], got, name == "validated")


def _given_parameters(got, want):
    """The parameters the small network ended with: biases left where they started name the given Adam."""
    __tracebackhide__ = True
    for n, (mine, theirs, start) in enumerate(zip(got["parameters"], want["parameters"], want["starts"]), 1):
        moved = not np.allclose(np.asarray(theirs[1], dtype=np.float64), start[1])
        expect.true(not (moved and np.allclose(np.asarray(mine[1], dtype=np.float64), start[1])), f"On {GIVEN}, "
                    f"the biases of dense layer {n} are the ones it started with: the given "
                    f"Optimizer_Adam.update_params no longer moves the biases (layer.biases += ...).{RESTORE}")
        expect.true(all(expect.close(m, t) for m, t in zip(mine, theirs)), f"On {GIVEN}, dense layer {n} ended "
                    "with other weights or biases than the reference's from the same start: the given "
                    "Layer_Dense.forward or backward, Model.forward or backward, or Optimizer_Adam was changed."
                    + RESTORE)


def _figures(values):
    """"acc: 0.750, loss: 0.994" of a line's [acc, loss, ...], the figures it shows."""
    return ", ".join(f"{name}: {value:.3f}" for name, value in zip(("acc", "loss"), values) if value is not None)


def _given_lines(lines, expected, got, validated):
    """What the given Model.train printed (scenarios._lines) against the reference's: each line the reference
    printed that the learner's printed too, of the same kind, epoch and step, compared on the figures both show (a
    line printed otherwise, or not at all, is no fault); the first that differs names the given method that made
    it."""
    __tracebackhide__ = True
    mine = {tuple(line[:3]): line[3:] for line in lines}
    wrong = [(want, mine[tuple(want[:3])]) for want in expected if tuple(want[:3]) in mine and any(
        m is not None and t is not None and abs(m - t) > GIVEN_CLOSE for m, t in zip(mine[tuple(want[:3])], want[3:]))]
    if not wrong:
        return
    (kind, epoch, _), want = wrong[0][0][:3], wrong[0][0][3:]
    line = wrong[0][1]
    shown = (f"On {GIVEN} {'with' if validated else 'without'} validation_data, epoch {epoch} printed the {kind} "
             f"line {_figures(line)}; expected {_figures(want)}.")

    def differs(index):
        return line[index] is not None and want[index] is not None and abs(line[index] - want[index]) > GIVEN_CLOSE

    if kind == "step":
        expect.fail(shown + (
            " The step's data loss is the mean of its batch's sample losses, which the given Loss.calculate returns "
            "(np.mean), " + ("not their sum." if want[2] and abs(line[2] / want[2] - GIVEN_BATCH) < 0.1
                             else "over the batch alone.") if differs(2) else
            " The given Loss.regularization_loss adds up the penalties of every trainable layer, returning after its "
            "loop over them." if differs(3) else
            " The step's accuracy is the mean of its batch's comparisons, which the given Accuracy.calculate "
            "returns.") + RESTORE)
    if kind == "training":
        expect.fail(shown + (
            " Epoch 1's summary was right, so a later one counts the batches of the epochs before it: the given "
            "Model.train starts every epoch with self.loss.new_pass() and self.accuracy.new_pass()." if epoch > 1
            else " An epoch's summary is the mean over its samples: the given Loss.calculate adds each batch's sum of "
            "sample losses to accumulated_sum and len(sample_losses) to accumulated_count." if differs(1) else
            " An epoch's accuracy is the share of its samples predicted right: the given Accuracy.calculate adds "
            "np.sum(comparisons) to accumulated_sum and len(comparisons) to accumulated_count.") + RESTORE)
    # The model's figures on the training data once trained, which the last validation line shows where the
    # validation ran on them.
    on_training = got["on_training"][0][3:5] if got["on_training"] else None
    last = [entry[3:5] for entry in lines if entry[0] == "validation"][-1]
    expect.fail(shown + (
        " Those are the figures of the training data: the given Model.train evaluates "
        "self.evaluate(*validation_data, batch_size=batch_size) after each epoch." if on_training and all(
            m is not None and t is not None and abs(m - t) <= GIVEN_CLOSE for m, t in zip(last, on_training)) else
        " The given Model.evaluate runs a new pass of the loss and the accuracy over every batch of the validation "
        "data.") + RESTORE)
